// Keeps the published package within its size goal (scripts/size-goal.mjs) and its start-up lean:
// some bundled libraries carry, or load at start, large parts this tool never uses, and each is
// replaced by a small shim (see the shim files for why that is safe). Every shim must match at least one import in a build: when a library
// changes its internal paths, the build fails naming the shim, instead of silently growing back.
import { fileURLToPath } from "node:url";

const shim = (name) => fileURLToPath(new URL(`./shims/${name}`, import.meta.url));

const UNDICI = /[\\/]node_modules[\\/]undici[\\/]/;

/** What each shim replaces: an import path, and optionally which importer it must come from. */
export const SHIMS = [
  { name: "external-editor.js", filter: /^@inquirer\/external-editor$/ },
  { name: "llhttp-simd-wasm.js", filter: /llhttp_simd-wasm\.js$/, importer: UNDICI },
  { name: "llhttp-wasm.js", filter: /llhttp-wasm\.js$/, importer: UNDICI },
  { name: "undici-h2.js", filter: /^\.\/client-h2\.js$/, importer: UNDICI },
  { name: "undici-fetch-body.js", filter: /web\/fetch\/body\.js$/, importer: UNDICI },
  { name: "undici-assert.js", filter: /^node:assert$/, importer: UNDICI },
  { name: "undici-http.js", filter: /^node:http$/, importer: UNDICI },
  { name: "zod-locales.js", filter: /\/locales\/index\.js$/, importer: /[\\/]node_modules[\\/]zod[\\/]/ },
  { name: "commander-child-process.js", filter: /^node:child_process$/, importer: /[\\/]node_modules[\\/]commander[\\/]/ },
];

export function slimPlugin(shims = SHIMS) {
  return {
    name: "slim",
    setup(build) {
      const matches = new Map(shims.map((s) => [s.name, 0]));
      build.onStart(() => {
        for (const s of shims) matches.set(s.name, 0);
      });
      for (const s of shims) {
        build.onResolve({ filter: s.filter }, (args) => {
          if (s.importer && !s.importer.test(args.importer)) return undefined;
          matches.set(s.name, matches.get(s.name) + 1);
          return { path: shim(s.name) };
        });
      }
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const unused = shims.filter((s) => matches.get(s.name) === 0);
        if (unused.length === 0) return;
        return {
          errors: unused.map((s) => ({
            text: `the shim ${s.name} replaced nothing (no import matches ${s.filter}${s.importer ? ` from ${s.importer}` : ""}): update or remove it`,
          })),
        };
      });
    },
  };
}
