// The bundle loader runs the CLI's own files with V8's code cache. What must hold: the files run as
// Node would run them; a cache is only ever used from a private folder, for the build it was made
// from, and when its bytes are whole; it is written whole and owner-only; and V8 flags changed
// mid-run do not make the next run throw its cache away.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BundleLoader, cacheKey, codeCacheDir, codeCacheRoot, privateDirectory } from "../../src/bundle-loader.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "cdo-loader-"));
  dirs.push(dir);
  return dir;
};
const uid = process.getuid?.() ?? null;
const nodeRequire = createRequire(import.meta.url) as (id: string) => unknown;

/** A bundle shaped like dist/: an entry that requires chunks by relative path and a built-in. */
function bundle(): { root: string; entry: string } {
  const root = temp();
  mkdirSync(join(root, "chunks"));
  writeFileSync(
    join(root, "cli.js"),
    [
      '"use strict";',
      'const a = require("./chunks/a.js");',
      'const { basename } = require("node:path");',
      "exports.answer = () => a.twice(21);",
      "exports.name = basename(__filename);",
      "exports.dir = __dirname;",
      "exports.same = () => require('./chunks/a.js') === a;",
    ].join("\n"),
  );
  writeFileSync(
    join(root, "chunks", "a.js"),
    [
      // Enough code that V8's cache holds something worth keeping.
      ...Array.from({ length: 50 }, (_, i) => `function helper${i}(x) { return x + ${i} - ${i}; }`),
      "module.exports = { twice: (x) => helper7(x) * 2 };",
    ].join("\n"),
  );
  writeFileSync(join(root, "chunks", "throws.js"), '"use strict";\n\nthrow new Error("on line three");\n');
  return { root, entry: join(root, "cli.js") };
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".cache"));

describe("the bundle loader", () => {
  it("runs the bundle's files as Node would: exports, relative requires, built-ins, __filename and __dirname, one instance each", () => {
    const { root, entry } = bundle();
    const cli = new BundleLoader({ root, nodeRequire, cacheDir: null }).load(entry) as Record<string, () => unknown>;
    expect(cli.answer!()).toBe(42);
    expect(cli.name).toBe("cli.js");
    expect(cli.dir).toBe(root);
    expect(cli.same!()).toBe(true);
  });

  it("keeps line numbers in stack traces, and a file that failed is run again on the next require", () => {
    const { root } = bundle();
    const loader = new BundleLoader({ root, nodeRequire, cacheDir: null });
    const failing = join(root, "chunks", "throws.js");
    const first = (() => {
      try {
        loader.load(failing);
      } catch (error) {
        return error as Error;
      }
      return null;
    })();
    expect(first?.stack).toContain(`${failing}:3`);
    expect(() => loader.load(failing)).toThrow("on line three");
  });

  it("compiles from source the first time, then runs from the cache it wrote", () => {
    const { root, entry } = bundle();
    const cacheDir = temp();
    const first = new BundleLoader({ root, nodeRequire, cacheDir });
    first.load(entry);
    expect(first.report.fromCache).toEqual([]);
    expect(first.report.compiled).toEqual([entry, join(root, "chunks", "a.js")]);
    first.flush();
    expect(cacheFiles(cacheDir).sort()).toEqual(["chunks_a.js.cache", "cli.js.cache"]);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    for (const name of cacheFiles(cacheDir)) if (uid !== null) expect(statSync(join(cacheDir, name)).mode & 0o777).toBe(0o600);

    const second = new BundleLoader({ root, nodeRequire, cacheDir });
    const cli = second.load(entry) as Record<string, () => unknown>;
    expect(cli.answer!()).toBe(42);
    expect(second.report.fromCache).toEqual([entry, join(root, "chunks", "a.js")]);
    expect(second.report.compiled).toEqual([]);
    second.flush();
    expect(second.report.written).toEqual([]);
  });

  it("does not give V8 a damaged cache: the file is compiled from source and its cache replaced", () => {
    const { root, entry } = bundle();
    const cacheDir = temp();
    const first = new BundleLoader({ root, nodeRequire, cacheDir });
    first.load(entry);
    first.flush();
    const file = join(cacheDir, "chunks_a.js.cache");
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(file, bytes);
    writeFileSync(join(cacheDir, "cli.js.cache"), "not a cache at all");

    const second = new BundleLoader({ root, nodeRequire, cacheDir });
    expect((second.load(entry) as Record<string, () => unknown>).answer!()).toBe(42);
    expect(second.report.fromCache).toEqual([]);
    second.flush();
    expect(second.report.written.sort()).toEqual([file, join(cacheDir, "cli.js.cache")].sort());
    const third = new BundleLoader({ root, nodeRequire, cacheDir });
    third.load(entry);
    expect(third.report.fromCache).toHaveLength(2);
  });

  it("writes nothing without a cache folder, and a folder it cannot write only costs the next start", () => {
    const { root, entry } = bundle();
    const none = new BundleLoader({ root, nodeRequire, cacheDir: null });
    none.load(entry);
    none.flush();
    expect(none.report.written).toEqual([]);

    const gone = join(temp(), "removed");
    const missing = new BundleLoader({ root, nodeRequire, cacheDir: gone });
    expect((missing.load(entry) as Record<string, () => unknown>).answer!()).toBe(42);
    expect(() => missing.flush()).not.toThrow();
    expect(missing.report.written).toEqual([]);
  });

  it("saves what it compiled before V8 flags change, and caches what follows under a name of its own", () => {
    const { root, entry } = bundle();
    const cacheDir = temp();
    const flags = "--wasm-tiering-budget=2000000000"; // what the HTTP layer sets
    const run = () => {
      const loader = new BundleLoader({ root, nodeRequire, cacheDir });
      loader.load(join(root, "chunks", "a.js"));
      loader.setV8Flags(flags);
      loader.load(entry);
      loader.flush();
      return loader;
    };
    const first = run();
    expect(first.report.written.map((file) => file.slice(cacheDir.length + 1)).sort()).toEqual([
      "chunks_a.js.cache",
      "cli.js.wasm-tiering-budget-2000000000.cache",
    ]);
    const second = run();
    expect(second.report.compiled).toEqual([]);
    expect(second.report.written).toEqual([]);
  });
});

describe("the code cache's folder", () => {
  it("is in the user's own cache folder on each system", () => {
    expect(codeCacheRoot({}, "linux", "/home/me")).toBe("/home/me/.cache/claude-desktop-openrouter/code-cache");
    expect(codeCacheRoot({ XDG_CACHE_HOME: "/x/cache" }, "linux", "/home/me")).toBe("/x/cache/claude-desktop-openrouter/code-cache");
    expect(codeCacheRoot({ XDG_CACHE_HOME: "relative" }, "linux", "/home/me")).toBe("/home/me/.cache/claude-desktop-openrouter/code-cache");
    expect(codeCacheRoot({}, "darwin", "/Users/me")).toBe("/Users/me/Library/Caches/claude-desktop-openrouter/code-cache");
    expect(codeCacheRoot({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "win32", "C:\\Users\\me")).toContain(
      "claude-desktop-openrouter",
    );
    expect(codeCacheRoot({}, "win32", "C:\\Users\\me")).toBeNull();
  });

  it("is created owner-only and used when it is the user's own", () => {
    const dir = join(temp(), "a", "cache");
    expect(privateDirectory(dir, uid)).toBe(true);
    if (uid !== null) expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("is not used when others may write to it, when it is a link, or when it cannot be made", () => {
    const open = join(temp(), "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(privateDirectory(open, uid)).toBe(uid === null);
    const link = join(temp(), "link");
    symlinkSync(temp(), link);
    expect(privateDirectory(link, uid)).toBe(false);
    expect(privateDirectory(join(temp(), "file", "cache"), uid === null ? null : uid + 1)).toBe(uid === null);
    const blocked = join(temp(), "blocked");
    mkdirSync(blocked, { mode: 0o500 });
    if (uid !== 0) expect(privateDirectory(join(blocked, "cache"), uid)).toBe(false);
  });

  it("is one per build and Node version; a build's first run removes the folders other builds left, and nothing else", () => {
    const root = join(temp(), "code-cache");
    const old = cacheKey("0.1.0", "aaaaaaaaaaaa", "20.19.0", "x64");
    const current = cacheKey("0.1.1", "bbbbbbbbbbbb", "20.20.2", "x64");
    expect(current).toBe("0.1.1-bbbbbbbbbbbb-node20.20.2-x64");
    mkdirSync(join(root, old), { recursive: true });
    writeFileSync(join(root, old, "cli.js.cache"), "old");
    mkdirSync(join(root, "not-ours"));
    writeFileSync(join(root, "notes.txt"), "kept");

    expect(codeCacheDir(root, current, uid)).toBe(join(root, current));
    expect(readdirSync(root).sort()).toEqual([current, "not-ours", "notes.txt"].sort());
    // Later runs of the same build leave other folders alone (another version may run beside it).
    mkdirSync(join(root, old));
    expect(codeCacheDir(root, current, uid)).toBe(join(root, current));
    expect(readdirSync(root)).toContain(old);
  });

  it("is not used when the folder that holds it may be written by others", () => {
    const root = join(temp(), "code-cache");
    mkdirSync(root, { recursive: true });
    chmodSync(root, 0o777);
    const key = cacheKey("0.1.0", "abc", "20.20.2", "x64");
    // Windows has no such modes: there the folder's place (the user's own profile) is what keeps it private.
    expect(codeCacheDir(root, key, uid)).toBe(uid === null ? join(root, key) : null);
    expect(codeCacheDir(null, "anything", uid)).toBeNull();
  });
});
