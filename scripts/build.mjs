// Bundles src/ into dist/ with every library inside, so the published package has no dependencies.
// Start-up is what a one-shot npx tool is judged by; each step below is there for it (figures in
// docs/performance.md):
// - Few files, and a run's code in as few of them as possible: a first `npx` run extracts every
//   file of the package; at every start Node's loader spends about half a million instructions a
//   file, and a call from one file into another goes through a getter. dist/cli.js is a stub that
//   loads one chunk: the CLI, `show`, and everything they import (BUNDLED, below) but each
//   system's own modules, a file per system (OS_ROOMS). The other commands come in three groups
//   of a file each (GROUPS: doctor; setup and the commands that act on this machine; team),
//   loaded when one of theirs runs, after one file of the modules doctor shares with the others
//   (SHARED_AFTER_ENTRY). Heavy libraries a command may need stay behind their import()s, each in
//   a file: HTTP and zod, the prompts, execa, plist. esbuild splits at every import() and makes a
//   file for every set of split points that shares a module; every other import() of our own
//   modules is therefore made to load the entry and the shared modules first (after-entry,
//   below), so that what it shares with them stays in their files. Node's loader loads a handful
//   of files per run.
// - CommonJS output: Node 20's ES module loader costs more to start than the whole of commander.
//   esbuild splits only ES modules, so the split chunks are converted to CommonJS one by one
//   (their imports become require(), their dynamic imports a deferred require()).
// - The catalogues are data files beside the code (dist/messages.<lang>.json), each topic one JSON
//   text parsed when a run first shows one of its messages: V8 builds an object of ~1,250
//   properties spread from 27 topic files at several times the cost of parsing it as JSON, and
//   parsing all of it costs more than the few topics a run shows.
// - `--help` and `--version` are answered by bin/ (dist/launch.js, from src/launch.ts) from the
//   text commander printed here (dist/help.json), without loading commander or the catalogue;
//   test/unit/fast-help.test.ts proves it equals what commander prints.
import { build, transform } from "esbuild";
import { rmSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Built into a folder of its own, then put in dist/'s place in one rename at the end: a test run
// or a CLI started while this builds sees the old dist/ or the new one, never a half-built one.
const finalDist = join(root, "dist");
const dist = join(root, `.dist-building-${process.pid}`);
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

const common = {
  bundle: true,
  platform: "node",
  // ESM builds first: jsonc-parser's UMD "main" cannot be bundled, and ESM tree-shakes better.
  mainFields: ["module", "main"],
  target: "node20.19",
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // UTF-8 output: the Chinese catalogue as itself rather than \u escapes (a smaller package).
  charset: "utf8",
  logLevel: "warning",
};

/** A source module evaluated here (the catalogues as the plain objects the CLI builds). */
async function evaluate(file) {
  const result = await build({ ...common, entryPoints: [join(root, file)], format: "esm", write: false });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
}

/** dist/, from the code of a module the build replaces (it lands in dist/ or dist/chunks/). */
const DIST_OF_MODULE = '  const dist = basename(__dirname) === "chunks" ? dirname(__dirname) : __dirname;';

/**
 * The catalogues as the built CLI reads them: one packed file a language in dist/ (its topics each
 * a JSON text, parsed when first used: src/i18n/packed.ts), read by the version of
 * src/i18n/load.ts this plugin puts in the bundle; the catalogue modules themselves are not
 * bundled. English is packed as ASCII (a one-byte text for V8 to read and parse).
 */
const CATALOGUES = [
  { lang: "en", module: "src/i18n/en.ts", name: "en", ascii: true },
  { lang: "zh-CN", module: "src/i18n/zh-CN.ts", name: "zhCN", ascii: false },
];
async function packedCatalogues() {
  const { packCatalogue } = await evaluate("src/i18n/packed.ts");
  return Promise.all(
    CATALOGUES.map(async ({ lang, module, name, ascii }) => ({
      file: `messages.${lang}.json`,
      text: packCatalogue((await evaluate(module))[name], ascii),
    })),
  );
}
function packedCataloguesPlugin() {
  return {
    name: "packed-catalogues",
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]i18n[\\/]load\.ts$/ }, () => ({
        contents: [
          'import { readFileSync } from "node:fs";',
          'import { basename, dirname, join } from "node:path";',
          'import { unpackCatalogue } from "./packed.ts";',
          "export async function loadMessages(lang) {",
          DIST_OF_MODULE,
          '  return unpackCatalogue(readFileSync(join(dist, "messages." + lang + ".json")));',
          "}",
        ].join("\n"),
        resolveDir: join(root, "src/i18n"),
        loader: "js",
      }));
    },
  };
}

/**
 * Our own modules that src/ loads with import() (a command's module, a module only some runs
 * need) and that the build bundles as static imports: each lands in the file of the code that
 * imports it (show and what most runs load in the entry's chunk; the wizard and the sign-in in the
 * write group's). Each would otherwise be a file of its own that a run loads, and calls into it
 * would cross files. The heavy libraries stay behind their import()s.
 */
const BUNDLED = [
  "commands/show",
  "cli/node-context",
  "config/targets",
  "config/applied-key",
  "config/app-rules",
  "config/json-reads",
  "export/mobileconfig",
  "lifecycle/index",
  "managed/guard",
  "core/ownership",
  "wizard/index",
  "login/index",
  // Loaded by the commands that may ask (their groups load it with the shared modules).
  "wizard/prompts",
];
/**
 * The other commands, a few to a file: one import() per group, so `show` parses none of them and
 * `doctor` neither the setup flow nor the team engine. A command's import() becomes the import()
 * of its group. setup's checks after a write are doctor's, so they come with doctor's group.
 */
const GROUPS = {
  doctor: ["commands/doctor", "doctor/after-setup"],
  // And the parser that says where a JSON file is broken, which the commands that edit JSON carry.
  write: [
    ...["setup", "revert", "export", "quit", "restart", "write-flow", "status", "models", "doctor-fix"].map((c) => `commands/${c}`),
    "config/parse-locate",
  ],
  team: ["provision", "usage", "policy", "revoke", "set-limit"].map((c) => `commands/team/${c}`),
};
/**
 * Our own modules that several of the files loaded after the entry use (the groups, and modules
 * behind an import()), and `show` does not: every such file loads them, after the entry, so they
 * are one file rather than a small file for each set of their users, and they cost `show` nothing.
 * test/e2e/start-up-load.test.ts counts the files doctor and setup load.
 */
const SHARED_AFTER_ENTRY = ["config/egress", "config/entry-judge", "openrouter/models", "openrouter/proxy"];
/**
 * Each system's modules, one file each (src/platform/os-rooms.ts): a run loads its own system's
 * after the entry, and not the shared modules, which no system's modules use (a run of `show`
 * loads none of them).
 */
const OS_ROOMS = ["platform/os/darwin", "platform/os/linux", "platform/os/win32"];
/**
 * What the systems' files share: in the entry's chunk (which each of them loads first), or esbuild
 * would make one small file more of it that every run loads.
 */
const SHARED_BY_OS_ROOMS = ["lifecycle/types"];
const GROUP_OF = new Map(Object.entries(GROUPS).flatMap(([group, names]) => names.map((name) => [name, group])));
function bundledImportsPlugin() {
  const src = join(root, "src");
  return {
    name: "bundled-imports",
    setup(b) {
      const used = new Set();
      /** A module the build writes: `<name>` alone, or `<name>:<target>` for one per target. */
      const virtual = (name, contents) => {
        b.onResolve({ filter: new RegExp(`^${name}(:|$)`) }, ({ path }) => ({
          path: path.slice(name.length + 1) || name,
          namespace: name,
        }));
        b.onLoad({ filter: /.*/, namespace: name }, ({ path }) => ({ contents: contents(path), resolveDir: src, loader: "js" }));
      };
      const imports = (names) => names.map((name) => `import ${JSON.stringify(`./${name}.ts`)};`);
      // The CLI's entry, with what the systems' files share (so that it stays in the entry's chunk).
      virtual("cli-entry", () => ['export * from "./cli.ts";', ...imports(SHARED_BY_OS_ROOMS)].join("\n"));
      // What every file loaded after the entry loads first: the entry, then SHARED_AFTER_ENTRY.
      virtual("after-entry-shared", () => ['import "cli-entry";', ...imports(SHARED_AFTER_ENTRY)].join("\n"));
      // A group of commands: the shared modules first, then each of its modules.
      virtual("command-group", (group) =>
        [
          'import "after-entry-shared";',
          ...GROUPS[group].map((name, i) => `export * as m${i} from ${JSON.stringify(`./${name}.ts`)};`),
        ].join("\n"),
      );
      // Any other import() of our own: a module that loads the entry and the shared modules, then
      // the target. The target and what only it needs are split off; what the entry or the shared
      // modules hold stays in their files.
      virtual("after-entry", (target) => `import "after-entry-shared";\nexport * from ${JSON.stringify(`./${target}.ts`)};`);
      // A system's modules: the entry, then them.
      virtual("after-entry-only", (target) => `import "cli-entry";\nexport * from ${JSON.stringify(`./${target}.ts`)};`);
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
        const statics = [];
        const source = await readFile(path, "utf8");
        const text = source.replace(/(?<!typeof )import\(("\.{1,2}\/[^"]+\.js")\)/g, (_call, spec) => {
          const target = relative(src, join(dirname(path), JSON.parse(spec)))
            .replaceAll("\\", "/")
            .replace(/\.js$/, "");
          const group = GROUP_OF.get(target);
          if (group) {
            used.add(target);
            return `import("command-group:${group}").then((g) => g.m${GROUPS[group].indexOf(target)})`;
          }
          if (OS_ROOMS.includes(target)) {
            used.add(target);
            return `import("after-entry-only:${target}")`;
          }
          if (!BUNDLED.includes(target)) return `import("after-entry:${target}")`;
          used.add(target);
          statics.push(`import * as __bundled${statics.length} from ${spec};`);
          return `Promise.resolve(__bundled${statics.length - 1})`;
        });
        return text !== source ? { contents: `${statics.join("\n")}\n${text}`, loader: "ts" } : undefined;
      });
      // A name that no longer matches an import() would silently split the bundle again.
      b.onEnd((result) => {
        const unused = [...BUNDLED, ...GROUP_OF.keys(), ...OS_ROOMS].filter((name) => !used.has(name));
        if (result.errors.length === 0 && unused.length > 0)
          return { errors: unused.map((name) => ({ text: `scripts/build.mjs names ${name}, which no import() in src/ loads` })) };
        return undefined;
      });
    },
  };
}

/**
 * Node built-ins that a library requires when it loads but uses only on a path this CLI never
 * takes, required when first used instead. commander requires `child_process` for executable
 * subcommands (a command run as a program of its own), which the tool does not have; loading it
 * also loads `net` and `dgram`, about 15 M instructions at every start. The library's code is
 * bundled as it is: only the moment Node's module loads changes.
 */
const DEFERRED_BUILTINS = [{ library: "commander", builtin: "node:child_process" }];
function deferredBuiltinsPlugin() {
  return {
    name: "deferred-builtins",
    setup(b) {
      for (const { library, builtin } of DEFERRED_BUILTINS) {
        const inLibrary = new RegExp(`[\\\\/]node_modules[\\\\/]${library}[\\\\/]`);
        b.onResolve({ filter: new RegExp(`^${builtin}$`) }, ({ path, importer }) =>
          inLibrary.test(importer) ? { path, namespace: "deferred-builtin" } : undefined,
        );
      }
      b.onLoad({ filter: /.*/, namespace: "deferred-builtin" }, ({ path }) => ({
        contents: `let loaded;\nmodule.exports = new Proxy({}, { get: (_, name) => (loaded ??= require(${JSON.stringify(path)}))[name] });\n`,
        loader: "js",
      }));
    },
  };
}

/**
 * Libraries whose modules only define things when they load, which esbuild cannot tell from their
 * code: marked free of side effects, the parts the tool never imports are left out of the bundle.
 * jsonc-parser's formatter (format() and modify(), which the tool does not use) builds about
 * 1,200 indentation strings when it loads, at every start of a command that reads a JSON file.
 */
const SIDE_EFFECT_FREE = ["jsonc-parser"];
function sideEffectFreePlugin() {
  const inLibrary = new RegExp(`[\\\\/]node_modules[\\\\/](${SIDE_EFFECT_FREE.join("|")})[\\\\/]`);
  return {
    name: "side-effect-free",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async ({ path, importer, resolveDir, kind, pluginData }) => {
        if (pluginData === "side-effect-free") return undefined;
        if (!SIDE_EFFECT_FREE.includes(path) && !inLibrary.test(importer)) return undefined;
        const resolved = await b.resolve(path, { importer, resolveDir, kind, pluginData: "side-effect-free" });
        if (resolved.errors.length > 0 || !inLibrary.test(resolved.path)) return undefined;
        return { path: resolved.path, sideEffects: false };
      });
    },
  };
}

/**
 * The display-width library in a file of its own (dist/width.js), required by src/render/width-library.ts
 * the first time text beyond the characters we count ourselves is measured: a synchronous
 * require of a file of this package, where an import() would make every measure wait. Its
 * Unicode tables cost more to build than most runs' own work, and most runs never need them.
 */
function widthLibraryPlugin() {
  return {
    name: "width-library",
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]render[\\/]width-library\.ts$/ }, () => ({
        contents: [
          'import { basename, dirname, join } from "node:path";',
          "export function loadWidthLibrary() {",
          DIST_OF_MODULE,
          '  return require(join(dist, "width.js")).default;',
          "}",
        ].join("\n"),
        loader: "js",
      }));
    },
  };
}

await rm(dist, { recursive: true, force: true });
process.on("exit", () => rmSync(dist, { recursive: true, force: true }));
const result = await build({
  ...common,
  entryPoints: { cli: "cli-entry" },
  outdir: dist,
  splitting: true,
  format: "esm",
  minify: true,
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  plugins: [packedCataloguesPlugin(), bundledImportsPlugin(), deferredBuiltinsPlugin(), sideEffectFreePlugin(), widthLibraryPlugin()],
  write: false,
  metafile: true,
});
// `--metafile <file>`: what each chunk holds, for the bench's report of what a run loads.
const metafileArg = process.argv.indexOf("--metafile");
if (metafileArg > 0) await writeFile(process.argv[metafileArg + 1], JSON.stringify(result.metafile));

/** What each output file exports (the metafile names files from the working directory). */
const exportsOf = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [resolve(path), output.exports]));

/**
 * A chunk's exports (esbuild ends an ES module chunk with one `export{local as name,…}`) as one
 * object literal of getters, set before the chunk's own code runs. esbuild's own CommonJS form defines
 * each export with Object.defineProperty, on one object and then again on a copy: about 35,000
 * instructions an export, 6.4 M at every start for 185 exports (the entry's chunk has about 200), against
 * about half of that for the literal. The getters keep the bindings live, as esbuild's do, and
 * `__esModule` tells esbuild's importers that it is an ES module. A chunk with exports that ends
 * otherwise fails the build rather than silently taking the slow form.
 */
function exportsAsLiteral(file, exported) {
  const match = /\bexport\s*\{([^{}]*)\};?\s*$/.exec(file.text);
  if (!match) {
    if (exported.length > 0) throw new Error(`${relative(root, file.path)}: its exports are not one export{} at its end`);
    return file.text;
  }
  const getters = match[1]
    .split(",")
    .map((spec) => spec.trim())
    .filter(Boolean)
    .map((spec) => {
      const [local, name = local] = spec.split(/\s+as\s+/);
      return `get ${name}(){return ${local}}`;
    });
  return `module.exports={__esModule:!0,${getters.join(",")}};\n${file.text.slice(0, match.index)}`;
}

/**
 * One chunk as CommonJS: imports become require(), `import()` a require() in a promise, its
 * exports one literal (exportsAsLiteral). Written as ASCII (other characters as \u escapes)
 * unless that would make the file more than 5% larger: V8 holds a source with any other character
 * as two bytes per character, twice the memory to read, copy and scan at every start, for a
 * handful of arrows and quotes.
 */
async function toCommonJs(file) {
  const text = exportsAsLiteral(file, exportsOf.get(file.path) ?? []);
  const options = {
    format: "cjs",
    minify: true,
    target: "node20.19",
    platform: "node",
    supported: { "dynamic-import": false },
    sourcefile: relative(root, file.path),
    // The bundling above already reported on our code; what is left is the libraries' own.
    logLevel: "error",
  };
  const [ascii, utf8] = await Promise.all([
    transform(text, { ...options, charset: "ascii" }),
    transform(text, { ...options, charset: "utf8" }),
  ]);
  return ascii.code.length <= Buffer.byteLength(utf8.code) * 1.05 ? ascii : utf8;
}

for (const file of result.outputFiles) {
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.path.endsWith(".js") ? (await toCommonJs(file)).code : file.contents);
}
for (const { file, text } of await packedCatalogues()) await writeFile(join(dist, file), text);
// The package is "type": "module"; dist/ holds CommonJS.
await writeFile(join(dist, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);

// The display-width library on its own (widthLibraryPlugin, above).
await build({
  ...common,
  stdin: { contents: 'export { default } from "fast-string-width";', resolveDir: root, loader: "js" },
  outfile: join(dist, "width.js"),
  format: "cjs",
  minify: true,
  charset: "ascii",
});

// bin/'s first module: small, CommonJS, no chunks (src/launch.ts).
await build({ ...common, entryPoints: { launch: "src/launch.ts" }, outdir: dist, format: "cjs", minify: true });

/** Every command path's help in one language, printed by the built CLI's commander, off a terminal (80 columns). */
async function helpTexts(cli, lang) {
  const render = async (path) => {
    const stdout = Object.assign(new PassThrough(), { text: "" });
    stdout.on("data", (chunk) => (stdout.text += chunk));
    let paths = [];
    await cli.run({
      argv: ["node", "claude-desktop-openrouter", ...path, "--help"],
      env: { LANG: lang === "zh-CN" ? "zh_CN.UTF-8" : "en_US.UTF-8" },
      cwd: root,
      stdin: new PassThrough(),
      stdout,
      stderr: new PassThrough(),
      tty: { stdin: false, stdout: false, stderr: false },
      onProgram: (program) => {
        const walk = (command, names) => {
          paths.push(names);
          for (const sub of command.commands) walk(sub, [...names, sub.name()]);
        };
        paths = [];
        walk(program, []);
      },
    });
    await new Promise((done) => setImmediate(done));
    return { text: stdout.text, paths };
  };
  const { text, paths } = await render([]);
  const help = { "": text };
  for (const path of paths.slice(1)) help[path.join(" ")] = (await render(path)).text;
  return help;
}
const cli = createRequire(import.meta.url)(join(dist, "cli.js"));
const help = { en: await helpTexts(cli, "en"), "zh-CN": await helpTexts(cli, "zh-CN") };
await writeFile(join(dist, "help.json"), JSON.stringify({ version: pkg.version, help }));

// The new dist/ takes the old one's place; the old one is removed after.
const previous = join(root, `.dist-previous-${process.pid}`);
await rename(finalDist, previous).catch((error) => {
  if (error.code !== "ENOENT") throw error;
});
await rename(dist, finalDist);
await rm(previous, { recursive: true, force: true });
