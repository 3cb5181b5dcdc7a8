// Bundles src/ into dist/ with every library inside, so the published package has no dependencies.
// Code splitting keeps start-up small: cli.js holds commander and the catalogue; each command,
// and the heavy libraries it needs (undici, zod, prompts, execa), load only when that command runs.
import { build } from "esbuild";
import { rm, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

// Keeps the packed package under 400 KB: some libraries carry large parts this tool
// never uses. Each is replaced by a small shim; see the shim files for why that is safe.
const shim = (name) => fileURLToPath(new URL(`./shims/${name}`, import.meta.url));
const slim = {
  name: "slim",
  setup(b) {
    b.onResolve({ filter: /^iconv-lite$/ }, () => ({ path: shim("iconv-lite.js") }));
    b.onResolve({ filter: /^@inquirer\/external-editor$/ }, () => ({ path: shim("external-editor.js") }));
    b.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]undici[\\/]/.test(args.importer) ? { path: shim("llhttp-simd-wasm.js") } : undefined,
    );
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: shim("zod-locales.js") } : undefined,
    );
  },
};

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // ESM builds first: jsonc-parser's UMD "main" cannot be bundled, and ESM tree-shakes better.
  mainFields: ["module", "main"],
  target: "node20.19",
  minify: true,
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS libraries call require() for Node built-ins.
  banner: { js: "import { createRequire as __cdoCreateRequire } from 'node:module'; const require = __cdoCreateRequire(import.meta.url);" },
  plugins: [slim],
  logLevel: "warning",
});
