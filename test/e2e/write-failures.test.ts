// Honest failure reports: a write that fails before changing its file is not "rolling back …
// failed too"; every file is read back, and "rollback failed" (with its revert --backup hint) is
// said only for a file really left changed. Faults come through the fs seam (tests run as root,
// so a chmod would not make a directory read-only).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileSystem } from "../../src/core/context.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, snapshotTree, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const keyEnv = () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

function fault(code: string): Error {
  return Object.assign(new Error(`${code}: injected`), { code });
}

const under = (dir: string, path: unknown) => String(path).startsWith(`${dir}/`);

/** The directory refuses every change, as a read-only mount does. */
function readOnly(dir: string) {
  return (real: FileSystem): FileSystem => ({
    ...real,
    open: (async (path: string, flags?: string, mode?: number) => {
      if (under(dir, path) && /[wa+]/.test(String(flags ?? "r"))) throw fault("EROFS");
      return real.open(path, flags, mode);
    }) as FileSystem["open"],
    rename: async (from, to) => {
      if (under(dir, to) || under(dir, from)) throw fault("EROFS");
      return real.rename(from, to);
    },
    unlink: async (path) => {
      if (under(dir, path)) throw fault("EROFS");
      return real.unlink(path);
    },
  });
}

/** The disk is full for files written in this directory. */
function diskFull(dir: string) {
  return (real: FileSystem): FileSystem => ({
    ...real,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await real.open(path, flags, mode);
      if (under(dir, path) && /w/.test(String(flags ?? ""))) {
        handle.writeFile = async () => {
          throw fault("ENOSPC");
        };
      }
      return handle;
    }) as FileSystem["open"],
  });
}

function seed(sb: Sandbox): void {
  sb.write(sb.paths.meta, { appliedId: "00000000-0000-4000-8000-000000157210", entries: [] });
  sb.write(sb.paths.rootConfig1p, { mcpServers: { a: { command: "x" } } });
}

const appFiles = (sb: Sandbox) => snapshotTree(sb.home, (rel) => rel.includes("claude-desktop-openrouter"));

describe.each([
  ["a read-only directory", readOnly],
  ["a full disk (ENOSPC)", diskFull],
])("%s", (_name, inject) => {
  it("setup: the file it failed on is intact, the one already written is rolled back, and it says exactly that", async () => {
    const sb = createSandbox("linux");
    try {
      seed(sb);
      const before = snapshotTree(sb.home);
      const run = await runInProcess(["setup", "--yes", "--json"], { ...sb.env, ...keyEnv() }, { fs: inject(sb.paths.libDir) });
      expect(run.exitCode).toBe(1);
      const error = run.json<{ error: { code: string; message: string; hint: string } }>().error;
      expect(error.code).toBe("write.failed");
      // state.json was written first and is put back; the library files never changed.
      expect(error.message).toContain("the file already written was put back as it was");
      expect(error.hint).not.toContain("revert --backup");
      expect(snapshotTree(sb.home, (rel) => rel.includes("backups"))).toEqual(
        Object.fromEntries(Object.entries(before).filter(([rel]) => !rel.includes("backups"))),
      );
    } finally {
      sb.cleanup();
    }
  });

  it("revert: a failure on the first file is reported as 'no file was changed'", async () => {
    const sb = createSandbox("linux");
    try {
      seed(sb);
      expect((await runInProcess(["setup", "--yes"], { ...sb.env, ...keyEnv() })).exitCode).toBe(0);
      const before = appFiles(sb);
      const run = await runInProcess(["revert", "--yes"], sb.env, { fs: inject(sb.paths.libDir) });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("no file was changed");
      expect(run.stderr).not.toMatch(/rolling back|revert --backup/);
      expect(appFiles(sb)).toEqual(before);
    } finally {
      sb.cleanup();
    }
  });
});

describe("a rollback that really fails", () => {
  it("names the file left changed, and only that one", async () => {
    const sb = createSandbox("linux");
    try {
      seed(sb);
      const state = join(sb.paths.stateDir, "state.json");
      let stateWrites = 0;
      const run = await runInProcess(
        ["setup", "--yes", "--json"],
        { ...sb.env, ...keyEnv() },
        {
          fs: (real) => {
            const base = readOnly(sb.paths.libDir)(real);
            return {
              ...base,
              // state.json is written once (a new file); taking it away again fails.
              rename: async (from, to) => {
                if (String(to) === state && ++stateWrites > 1) throw fault("EIO");
                return base.rename(from, to);
              },
              unlink: async (path) => {
                if (String(path) === state) throw fault("EIO");
                return base.unlink(path);
              },
            };
          },
        },
      );
      expect(run.exitCode).toBe(1);
      const error = run.json<{ error: { code: string; message: string; hint: string } }>().error;
      expect(error.code).toBe("write.rollback-failed");
      expect(error.message).toContain(`putting back ${state} failed too`);
      expect(error.hint).toContain("revert --backup");
      expect(readdirSync(join(sb.paths.stateDir, "backups"))).toHaveLength(1);
      expect(JSON.parse(readFileSync(state, "utf8")).libraries).toBeDefined();
    } finally {
      sb.cleanup();
    }
  });
});
