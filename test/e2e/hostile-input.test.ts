// Input that would hang or exhaust the machine ends promptly with a clear error: a key file that
// is /dev/zero, /dev/urandom or a named pipe, stdin without end, an entry that is a FIFO or a
// link to /dev/zero, configs of millions of elements, a HOME or state folder on /proc, a HOME or
// an export folder that does not exist. Run in-process on the real file system, wrapped by a
// guard that fails any read that could not end (a FIFO opened blocking, a device read whole)
// and any mkdir on /proc, so a regression fails here rather than hanging the suite.
import { spawnSync } from "node:child_process";
import { constants, existsSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileSystem, OpenFile } from "../../src/core/context.js";
import { runInProcess } from "../helpers/in-process.js";
import { expectKeyIn, type Sandbox, TEST_KEY, useSandboxes } from "../helpers/sandbox.js";

const sandbox = useSandboxes();
const MODELS = ["--models", "anthropic/claude-sonnet-4.5", "--skip-key-check"];

/** mkfifo(1): Node has no call of its own. */
function mkfifo(path: string): void {
  const made = spawnSync("/usr/bin/mkfifo", [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

interface Guard {
  violations: string[];
  mkdirs: string[];
  wrap: (real: FileSystem) => FileSystem;
}

/** What could not end: a whole read of anything but a regular file, a blocking open of a FIFO, reading a device, a mkdir on /proc. */
function guard(): Guard {
  const violations: string[] = [];
  const mkdirs: string[] = [];
  const kind = (path: string) => {
    try {
      const st = statSync(path);
      return st.isFIFO() ? "fifo" : st.isCharacterDevice() || st.isBlockDevice() ? "device" : st.isFile() ? "file" : "other";
    } catch {
      return "missing";
    }
  };
  const wrap = (real: FileSystem): FileSystem => ({
    ...real,
    readFile: (async (path: string, ...rest: unknown[]) => {
      const k = kind(String(path));
      if (k === "fifo" || k === "device") {
        violations.push(`readFile ${path} (${k})`);
        throw new Error(`guard: readFile of a ${k} would not end`);
      }
      return (real.readFile as (...a: unknown[]) => unknown)(path, ...rest);
    }) as FileSystem["readFile"],
    open: async (path: string, flags?: string | number, mode?: number): Promise<OpenFile> => {
      const k = kind(path);
      const nonBlocking = typeof flags === "number" && (flags & constants.O_NONBLOCK) !== 0;
      if (k === "fifo" && !nonBlocking) {
        violations.push(`blocking open ${path} (fifo)`);
        throw new Error("guard: a blocking open of a FIFO would not end");
      }
      const handle = await real.open(path, flags, mode);
      if (k !== "device" && k !== "fifo") return handle;
      const read = handle.read.bind(handle);
      handle.read = async (...args) => {
        violations.push(`read ${path} (${k})`);
        return read(...args);
      };
      return handle;
    },
    mkdir: (async (path: string, ...rest: unknown[]) => {
      mkdirs.push(String(path));
      if (String(path).startsWith("/proc/")) {
        violations.push(`mkdir ${path}`);
        throw new Error("guard: mkdir on /proc would spin (recursive) or fail");
      }
      return (real.mkdir as (...a: unknown[]) => unknown)(path, ...rest);
    }) as FileSystem["mkdir"],
  });
  return { violations, mkdirs, wrap };
}

type ErrorJson = { error: { code: string; message: string; hint: string } };

async function run(sb: Sandbox, args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  const g = guard();
  const result = await runInProcess(
    [...args, "--json"],
    { ...sb.env, OPENROUTER_API_KEY: "", ...options.env },
    {
      fs: g.wrap,
      ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    },
  );
  return { ...result, violations: g.violations, mkdirs: g.mkdirs, error: () => result.json<ErrorJson>().error };
}

function keyFile(sb: Sandbox): string {
  const path = join(sb.dir, "key.txt");
  sb.write(path, `${TEST_KEY}\n`);
  return expectKeyIn(path);
}

describe("a key file that never ends or is not a file", () => {
  it.each([
    ["/dev/zero", () => "/dev/zero"],
    ["/dev/urandom", () => "/dev/urandom"],
  ])("export and setup with --api-key-file %s: refused before a byte is read", async (_name, path) => {
    const sb = sandbox("linux");
    for (const args of [
      ["export", "--format", "reg", "--out", join(sb.dir, "x.reg"), ...MODELS],
      ["setup", "--yes", ...MODELS],
    ]) {
      const r = await run(sb, [...args, "--api-key-file", path()]);
      expect(r.violations).toEqual([]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.error()).toMatchObject({ code: "key.file-unreadable" });
      expect(r.error().message).toBe(`Cannot read the key file ${path()}: it is not a regular file (a device, a named pipe or a socket).`);
    }
  });

  it("a named pipe nobody writes to: refused at once, never waited on", async () => {
    const sb = sandbox("linux");
    const fifo = join(sb.dir, "key.fifo");
    mkfifo(fifo);
    const r = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", fifo]);
    expect(r.violations).toEqual([]);
    expect(r.exitCode).toBe(2);
    expect(r.error().message).toContain("it is not a regular file");
  });

  it("a key file larger than 16 KB: 'too large', named", async () => {
    const sb = sandbox("linux");
    const big = join(sb.dir, "big.txt");
    writeFileSync(big, "x".repeat(16 * 1024 + 1));
    const r = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", big]);
    expect(r.exitCode).toBe(2);
    expect(r.error().message).toBe(`Cannot read the key file ${big}: it is larger than 16 KB, the most the tool reads for such a file.`);
  });

  it("stdin (-) still works, bounded: a key is read, 100 KB of zeros is refused as too large", async () => {
    const sb = sandbox("linux");
    const ok = await run(sb, ["setup", "--dry-run", ...MODELS, "--api-key-file", "-"], { stdin: `${TEST_KEY}\n` });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const endless = await run(sb, ["setup", "--dry-run", ...MODELS, "--api-key-file", "-"], { stdin: "\0".repeat(100_000) });
    expect(endless.exitCode).toBe(2);
    expect(endless.error().message).toBe("Cannot read the key file -: it is larger than 16 KB, the most the tool reads for such a file.");
  });
});

describe("our own entry replaced by something that never ends", () => {
  async function setUp(sb: Sandbox): Promise<void> {
    const r = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)]);
    expect(r.exitCode, r.stderr).toBe(0);
  }

  it("a FIFO: revert, show, doctor and setup end with 'not a regular file', never waiting on it", async () => {
    const sb = sandbox("linux");
    await setUp(sb);
    rmSync(sb.paths.entry);
    mkfifo(sb.paths.entry);
    const revert = await run(sb, ["revert", "--yes"]);
    expect(revert.violations).toEqual([]);
    expect(revert.exitCode).toBe(1);
    expect(revert.error()).toMatchObject({ code: "config.not-a-file" });
    expect(revert.error().message).toBe(`Cannot use ${sb.paths.entry}: it is not a regular file (a device, a named pipe or a socket).`);
    for (const args of [["show"], ["doctor", "--offline"], ["setup", "--dry-run", ...MODELS, "--api-key-file", keyFile(sb)]]) {
      const r = await run(sb, args);
      expect(r.violations, args[0]).toEqual([]);
    }
  });

  it("a symbolic link to /dev/zero: refused as a link (the tool's own file is never followed)", async () => {
    const sb = sandbox("linux");
    await setUp(sb);
    rmSync(sb.paths.entry);
    symlinkSync("/dev/zero", sb.paths.entry);
    const revert = await run(sb, ["revert", "--yes"]);
    expect(revert.violations).toEqual([]);
    expect(revert.exitCode).toBe(1);
    expect(revert.error().message).toBe(
      `Cannot read ${sb.paths.entry}: it is a symbolic link, and the tool does not follow one in place of its own file.`,
    );
    expect(revert.error().hint).toBe("Move it out of the way and run again.");
  });

  it("state.json and the lock as FIFOs: never waited on, the lock taken over at once", async () => {
    const sb = sandbox("linux");
    await setUp(sb);
    rmSync(join(sb.paths.stateDir, "state.json"));
    mkfifo(join(sb.paths.stateDir, "state.json"));
    mkfifo(join(sb.paths.stateDir, "lock"));
    const revert = await run(sb, ["revert", "--yes"]);
    expect(revert.violations).toEqual([]);
    // The FIFO in the lock's place was not a run of ours: taken over at once, then gone.
    expect(existsSync(join(sb.paths.stateDir, "lock"))).toBe(false);
    // state.json that cannot be read counts as missing: what to restore comes from the backups.
    expect(revert.exitCode, revert.stdout).toBe(0);
    expect(revert.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).toContain("revert.from-backups");
  });
});

describe("big but valid configurations", () => {
  it("an array of 500,000 elements in the app's config: setup and revert succeed (no stack overflow)", async () => {
    const sb = sandbox("linux");
    const big = `{"big":[${Array.from({ length: 500_000 }, () => "0").join(",")}]}`;
    sb.write(sb.paths.rootConfig1p, big);
    const setup = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)]);
    expect(setup.exitCode, setup.stdout).toBe(0);
    const revert = await run(sb, ["revert", "--yes"]);
    expect(revert.exitCode, revert.stdout).toBe(0);
    expect(sb.read(sb.paths.rootConfig1p)).toBe(big);
  }, 60_000);

  it("a config above 8 MB: a clear 'too large' error naming the limit, nothing written", async () => {
    const sb = sandbox("linux");
    sb.write(sb.paths.rootConfig1p, `{"big":"${"a".repeat(8 * 1024 * 1024)}"}`);
    const setup = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)]);
    expect(setup.exitCode).toBe(1);
    expect(setup.error()).toMatchObject({ code: "config.unreadable" });
    expect(setup.error().message).toBe(
      `Cannot read ${sb.paths.rootConfig1p}: it is larger than 8 MB, the most the tool reads for such a file.`,
    );
    expect(existsSync(sb.paths.entry)).toBe(false);
  }, 60_000);
});

describe("a home or state folder where nothing can be made", () => {
  it("HOME=/proc: every command ends at once with a clear error, no mkdir tried on /proc", async () => {
    const sb = sandbox("linux");
    for (const args of [
      ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)],
      ["revert", "--yes"],
      ["doctor", "--fix", "--yes", "--offline"],
      ["show"],
      ["status"],
      ["export", "--format", "reg", "--key-placeholder", ...MODELS, "--out", join(sb.dir, "x.reg")],
    ]) {
      const r = await run(sb, args, { env: { HOME: "/proc" } });
      expect(r.violations, args[0]).toEqual([]);
      expect(r.mkdirs, args[0]).toEqual([]);
      expect(r.exitCode, args[0]).toBe(1);
      expect(r.error(), args[0]).toMatchObject({
        code: "home.unusable",
        message: "Cannot use the home folder /proc: it is on a system pseudo file system (/proc, /sys, /dev), not a place for files.",
      });
    }
  });

  it("XDG_STATE_HOME=/proc/self: every writing command ends with a clear error, no mkdir tried on /proc", async () => {
    const sb = sandbox("linux");
    for (const args of [
      ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)],
      ["revert", "--yes"],
      ["doctor", "--fix", "--yes", "--offline"],
    ]) {
      const r = await run(sb, args, { env: { XDG_STATE_HOME: "/proc/self" } });
      expect(r.violations, args[0]).toEqual([]);
      expect(r.exitCode, args[0]).not.toBe(0);
      if (args[0] === "doctor") continue;
      expect(r.error().message, args[0]).toBe(
        "Cannot write to the tool's state directory /proc/self/claude-desktop-openrouter: it is on a system pseudo file system (/proc, /sys, /dev), not a place for files; nothing was changed.",
      );
    }
  });

  it("a HOME that does not exist: 'does not exist', and no tree is made", async () => {
    const sb = sandbox("linux");
    const home = join(sb.dir, "nonexistent", "x");
    const r = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)], { env: { HOME: home } });
    expect(r.exitCode).toBe(1);
    expect(r.error()).toMatchObject({ code: "home.missing" });
    expect(r.error().message).toBe(`The home folder ${home} does not exist; the tool does not create a home, so nothing was written.`);
    expect(existsSync(join(sb.dir, "nonexistent"))).toBe(false);
  });

  it("its own state folder under an existing home is made, owner-only", async () => {
    const sb = sandbox("linux");
    const r = await run(sb, ["setup", "--yes", ...MODELS, "--api-key-file", keyFile(sb)]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(statSync(sb.paths.stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(sb.home, ".local")).mode & 0o777).toBe(0o700);
  });

  it("export --out into a folder that does not exist: refused naming the folder, nothing made", async () => {
    const sb = sandbox("linux");
    const out = join(sb.dir, "nonexistent", "dir", "x.reg");
    const r = await run(sb, ["export", "--format", "reg", "--key-placeholder", ...MODELS, "--out", out]);
    expect(r.exitCode).toBe(2);
    expect(r.error().message).toBe(
      `The folder ${join(sb.dir, "nonexistent", "dir")} (for --out ${out}) does not exist; export does not create folders.`,
    );
    expect(existsSync(join(sb.dir, "nonexistent"))).toBe(false);
    expect(readdirSync(sb.dir)).not.toContain("nonexistent");
  });
});
