// The tool runs only the code of its own installed package: nothing in a cache folder, however it
// got there. Entries are planted where a code cache used to live (under $XDG_CACHE_HOME, and under
// ~/.cache through a symlinked parent pointing into a folder another user could prepare): named
// pipes holding one byte, which a reader would consume (or hang on), and files shaped like cached
// code. Every kind of run leaves them unread and untouched, and creates nothing there.
import { spawnSync } from "node:child_process";
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, type Sandbox, TEST_KEY } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const sandboxes: Sandbox[] = [];
/** Each planted pipe and the descriptor this test holds it open with. */
const pipes = new Map<string, number>();
afterEach(() => {
  for (const fd of pipes.values()) closeSync(fd);
  pipes.clear();
  for (const sb of sandboxes.splice(0)) sb.cleanup();
});

/** Everything under dir: each entry's kind, inode and modification time (what a write would change). */
function listing(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const stat = lstatSync(join(dir, name));
    entries[name] =
      `${stat.isFIFO() ? "fifo" : stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "dir" : "file"}:${stat.ino}:${stat.mtimeMs}`;
  }
  return entries;
}

/**
 * A code cache's layout under base, filled with traps: a pipe for each name the old cache used
 * (held open for writing here, with one byte in it), and a file of bytes for each chunk.
 */
function plant(base: string): string[] {
  const planted: string[] = [];
  const build = join(base, "claude-desktop-openrouter", "code-cache", `0.1.0-000000000000-node${process.versions.node}-${process.arch}`);
  mkdirSync(build, { recursive: true });
  for (const name of ["cli.js.cache", "launch.js.cache", "chunks_show.js.cache"]) {
    const path = join(build, name);
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    writeSync(fd, "x");
    pipes.set(path, fd);
    planted.push(path);
  }
  writeFileSync(join(build, "chunks_setup.js.cache"), Buffer.alloc(4096, 0x41));
  writeFileSync(join(base, "claude-desktop-openrouter", "cli.js"), 'require("fs").writeFileSync(process.env.HOME + "/pwned", "")\n');
  return planted;
}

/** Whether the byte planted in each pipe is still there (a reader would have taken it). */
function unread(planted: string[]): boolean[] {
  return planted.map((path) => {
    const buffer = Buffer.alloc(1);
    const fd = pipes.get(path)!;
    try {
      return readSync(fd, buffer, 0, 1, null) === 1 && buffer.toString() === "x";
    } catch {
      return false;
    }
  });
}

const RUNS: { name: string; args: string[]; exitCode?: number; env?: () => Record<string, string> }[] = [
  { name: "--version", args: ["--version"] },
  { name: "--help", args: ["--help"] },
  { name: "--lang en --help (commander)", args: ["--lang", "en", "--help"] },
  { name: "show --json", args: ["show", "--json"] },
  // No configuration yet: the doctor reports it (exit 1).
  { name: "doctor --offline --json", args: ["doctor", "--offline", "--json"], exitCode: 1 },
  {
    name: "setup --dry-run --yes (HTTP)",
    args: ["setup", "--dry-run", "--yes"],
    env: () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl }),
  },
];

describe("no code is loaded from a cache folder", () => {
  for (const run of RUNS) {
    it(`${run.name}: a planted $XDG_CACHE_HOME and a symlinked ~/.cache parent are never read, written or created in`, async () => {
      const sb = createSandbox("linux");
      sandboxes.push(sb);
      // $XDG_CACHE_HOME on a folder someone else prepared.
      const xdg = join(sb.dir, "shared-cache");
      const xdgPipes = plant(xdg);
      // ~/.cache/claude-desktop-openrouter swapped for a link into another folder.
      const elsewhere = join(sb.dir, "elsewhere");
      const homePipes = plant(elsewhere);
      mkdirSync(join(sb.home, ".cache"), { recursive: true });
      symlinkSync(join(elsewhere, "claude-desktop-openrouter"), join(sb.home, ".cache", "claude-desktop-openrouter"));
      const before = { xdg: listing(xdg), elsewhere: listing(elsewhere), homeCache: listing(join(sb.home, ".cache")) };

      for (const env of [{ XDG_CACHE_HOME: xdg }, { XDG_CACHE_HOME: undefined }]) {
        // A reader of a pipe would wait for its end for ever: 20 s is the failure, not the measure.
        const result = await sb.run(run.args, { env: { ...env, ...run.env?.() }, timeoutMs: 20_000 });
        expect(result.exitCode, `${run.name}, XDG_CACHE_HOME=${env.XDG_CACHE_HOME ?? "(unset)"}: ${result.stderr}`).toBe(run.exitCode ?? 0);
      }
      expect(unread(xdgPipes)).toEqual(xdgPipes.map(() => true));
      expect(unread(homePipes)).toEqual(homePipes.map(() => true));
      expect({ xdg: listing(xdg), elsewhere: listing(elsewhere), homeCache: listing(join(sb.home, ".cache")) }).toEqual(before);
      expect(() => lstatSync(join(sb.home, "pwned"))).toThrow(/ENOENT/);
    }, 60_000);
  }
});
