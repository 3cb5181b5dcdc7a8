// The lock: a stale-lock takeover that cannot succeed twice, staleness beyond "the PID is gone"
// (written before the last boot, or the PID now runs another program), a notice while waiting for
// a live holder, and a timeout measured on the context's clock.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { CliError } from "../../src/core/errors.js";
import { withLock } from "../../src/core/transaction.js";
import { coreContext } from "../helpers/core-context.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cdo-lock-"));
  dirs.push(dir);
  mkdirSync(join(dir, "state"), { recursive: true });
  return join(dir, "state");
}

/** A context whose clock only moves when the tool sleeps on it. */
function fakeClockContext(home: string, bootTime?: Date): { ctx: Context; stderr: string[]; elapsed: () => number } {
  const ctx = coreContext(home);
  let now = Date.parse("2026-11-30T12:00:00Z");
  const start = now;
  ctx.clock = {
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
      await new Promise((r) => setImmediate(r));
    },
    ...(bootTime ? { bootTime: () => bootTime } : {}),
  };
  const stderr: string[] = [];
  ctx.streams = { ...ctx.streams, stderr: { write: (chunk: string) => stderr.push(chunk) } as never };
  return { ctx, stderr, elapsed: () => now - start };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
  const pid = child.pid!;
  child.kill("SIGKILL");
  await new Promise((r) => child.on("exit", r));
  return pid;
}

describe("waiting for a live holder", () => {
  it("says so on stderr (path, PID, age) and gives up after 120 s of the context's clock", async () => {
    const dir = stateDir();
    const { ctx, stderr, elapsed } = fakeClockContext(dir);
    ctx.pid = process.pid + 1; // another run of ours; the holder below is this (live) process
    const lock = join(dir, "lock");
    writeFileSync(lock, JSON.stringify({ pid: process.pid, createdAt: new Date(Date.parse("2026-11-30T11:59:00Z")).toISOString() }));
    const started = performance.now();
    const error = await withLock(ctx, dir, async () => "entered").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("lock.busy");
    expect(elapsed()).toBeGreaterThanOrEqual(120_000);
    // Far less real time than the 120 s waited on the fake clock.
    expect(performance.now() - started).toBeLessThan(60_000);
    const notice = stderr.join("");
    expect(notice).toContain(lock);
    expect(notice).toContain(`PID ${process.pid}`);
    expect(notice).toContain("holding the lock for 60 s");
    // Said again while waiting, not once per poll.
    expect(stderr.length).toBeGreaterThan(1);
    expect(stderr.length).toBeLessThan(20);
  }, 90_000);
});

describe("a lock whose run cannot be running any more", () => {
  it("written before the machine last booted is taken over at once, even though its PID is alive now", async () => {
    const dir = stateDir();
    const boot = new Date(Date.parse("2026-11-30T08:00:00Z"));
    const { ctx, elapsed } = fakeClockContext(dir, boot);
    ctx.pid = process.pid + 1;
    writeFileSync(join(dir, "lock"), JSON.stringify({ pid: process.pid, createdAt: "2026-11-29T17:00:00.000Z" }));
    expect(await withLock(ctx, dir, async () => "entered")).toBe("entered");
    expect(elapsed()).toBe(0);
  }, 15_000);

  it("whose PID now belongs to a process started at another time is taken over at once", async () => {
    const dir = stateDir();
    const { ctx, elapsed } = fakeClockContext(dir);
    ctx.proc = coreContext(dir).proc;
    ctx.pid = process.pid + 1;
    const start = ctx.proc.startTime?.(process.pid);
    expect(start, "this test needs /proc/<pid>/stat").toMatch(/^\d+$/);
    writeFileSync(join(dir, "lock"), JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString(), start: `${start}0` }));
    expect(await withLock(ctx, dir, async () => "entered")).toBe("entered");
    expect(elapsed()).toBe(0);
    // The same PID with its own start time is a live holder: waited for.
    writeFileSync(join(dir, "lock"), JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString(), start }));
    const held = await withLock(ctx, dir, async () => "entered").catch((e: unknown) => (e as CliError).code);
    expect(held).toBe("lock.busy");
  }, 90_000);
});

describe("taking over a stale lock", () => {
  it("cannot succeed twice: a run that judged it stale late never removes the live lock that replaced it", async () => {
    const dir = stateDir();
    const lock = join(dir, "lock");
    writeFileSync(lock, JSON.stringify({ pid: await deadPid(), createdAt: new Date().toISOString() }));
    let releaseLate!: () => void;
    const lateMayGo = new Promise<void>((r) => {
      releaseLate = r;
    });
    let lateJudged!: () => void;
    const lateHasJudged = new Promise<void>((r) => {
      lateJudged = r;
    });
    // The late run judges the stale lock, then stalls right before moving it aside.
    const late = coreContext(dir, (real) => ({
      ...real,
      rename: async (from, to) => {
        if (String(from) === lock) {
          lateJudged();
          await lateMayGo;
        }
        return real.rename(from, to);
      },
    }));
    late.pid = process.ppid;
    late.streams = { ...late.streams, stderr: { write: () => true } as never };
    const early = coreContext(dir);
    let inside = 0;
    let overlap = false;
    const critical = async (name: string, hold: () => Promise<void>) => {
      inside++;
      if (inside > 1) overlap = true;
      await hold();
      // Still ours at the end of the section.
      expect(JSON.parse(readFileSync(lock, "utf8")).pid, name).toBe(name === "early" ? early.pid : late.pid);
      inside--;
    };
    const lateRun = withLock(late, dir, () => critical("late", async () => undefined));
    await lateHasJudged;
    const earlyRun = withLock(early, dir, () =>
      critical("early", async () => {
        // The late run now moves the live lock aside: it must notice and put it back.
        releaseLate();
        await new Promise((r) => setTimeout(r, 600));
      }),
    );
    await Promise.all([earlyRun, lateRun]);
    expect(overlap).toBe(false);
  }, 20_000);
});
