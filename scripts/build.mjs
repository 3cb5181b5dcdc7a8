// Bundles src/ into dist/ with every library inside, so the published package has no dependencies.
// Code splitting keeps start-up small: cli.js holds commander and the catalogue; each command,
// and the heavy libraries it needs (undici, zod, prompts, execa), load only when that command runs.
import { build } from "esbuild";
import { rm, readFile } from "node:fs/promises";
import { slimPlugin } from "./slim.mjs";

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
  // UTF-8 output: the Chinese catalogue as itself rather than \u escapes (a smaller package).
  charset: "utf8",
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS libraries call require() for Node built-ins.
  banner: { js: "import { createRequire as __cdoCreateRequire } from 'node:module'; const require = __cdoCreateRequire(import.meta.url);" },
  plugins: [slimPlugin()],
  logLevel: "warning",
});
