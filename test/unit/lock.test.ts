// The lock: a stale-lock takeover that cannot succeed twice, staleness beyond "the PID is gone"
// (written before the last boot, or the PID now runs another program), a notice while waiting for
// a live holder, and a timeout measured on the context's clock.
import { spawn } from "node:child_process";
import { messagesOf } from "../../src/i18n/catalogue.js";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { CliError } from "../../src/core/errors.js";
import { withLock } from "../../src/core/lock.js";
import { createNodeContext } from "../../src/cli/node-context.js";
import { createUi } from "../../src/core/ui.js";
import { en } from "../../src/i18n/en.js";
import { coreContext } from "../helpers/core-context.js";
import { fakeMac, fakeWindows } from "../helpers/fake-os.js";
import { testStreams } from "../helpers/in-process.js";
import { createSandbox } from "../helpers/sandbox.js";

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
  return withFakeClock(coreContext(home), bootTime);
}

function withFakeClock(
  ctx: Context,
  bootTime?: Date,
  from = Date.parse("2026-11-30T12:00:00Z"),
): { ctx: Context; stderr: string[]; elapsed: () => number } {
  let now = from;
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
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, createdAt: new Date(Date.parse("2026-11-30T11:59:00Z")).toISOString(), startedAt: null }),
    );
    const error = await withLock(ctx, dir, async () => "entered").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("lock.busy");
    // The 120 s were waited on the context's clock (a wait on the real one would outlast the test).
    expect(elapsed()).toBeGreaterThanOrEqual(120_000);
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

  it.each([
    ["PID 0 (kill(0) reaches our own process group)", { pid: 0, startedAt: null }],
    ["PID -1 (kill(-1) reaches every process)", { pid: -1, startedAt: null }],
    ["a PID that is not an integer", { pid: 1.5, startedAt: null }],
    ["a PID as a string", { pid: String(process.pid), startedAt: null }],
    ["a live PID without startedAt", { pid: process.pid }],
    ["a live PID with a startedAt that is not a time", { pid: process.pid, startedAt: "yesterday" }],
  ])(
    "with %s is taken over at once",
    async (_name, fields) => {
      const dir = stateDir();
      const { ctx, elapsed } = fakeClockContext(dir);
      ctx.pid = process.pid + 1;
      writeFileSync(join(dir, "lock"), JSON.stringify({ ...fields, createdAt: new Date().toISOString() }));
      expect(await withLock(ctx, dir, async () => "entered")).toBe("entered");
      expect(elapsed()).toBe(0);
    },
    15_000,
  );

  it("whose PID now belongs to a process started at another time is taken over at once", async () => {
    const dir = stateDir();
    const { ctx, elapsed } = fakeClockContext(dir);
    ctx.pid = process.pid + 1;
    await expectReuseDetected(ctx, dir, process.pid);
    expect(elapsed()).toBeGreaterThanOrEqual(120_000);
  }, 90_000);

  // The same judgement on the other systems, through their OS modules' start times: macOS ps
  // (whole seconds elapsed) and Windows Get-Process StartTime, on simulated machines whose
  // process table holds a live PID of this machine.
  it.each([
    ["macOS", "darwin", fakeMac],
    ["Windows", "win32", fakeWindows],
  ] as const)(
    "on %s too, read by its OS module",
    async (_name, platform, fakeMachine) => {
      const sb = createSandbox(platform);
      try {
        const machine = fakeMachine(sb);
        // The machine's clock and the context's say one instant, so ps's elapsed time reads back exact.
        const now = Math.floor(Date.now() / 1000) * 1000;
        machine.setClock(now);
        // In the simulated table this machine's live PID started 90 s ago (it did not, really).
        const startedMs = now - 90_000;
        machine.addProcess({ pid: process.pid, ppid: 1, exe: "/usr/local/bin/node", args: ["node"], startedMs });
        const dir = stateDir();
        const { ctx } = withFakeClock(
          createNodeContext({
            env: sb.env,
            ui: createUi({ messages: messagesOf(en), json: true, verbose: false, color: false, yes: true, terminals: false }),
            settings: { baseUrl: "https://openrouter.ai/api", apiUrl: "https://openrouter.ai/api/v1" },
            secrets: new Set(),
            streams: testStreams(),
          }),
          undefined,
          now,
        );
        expect(ctx.platform).toBe(platform);
        ctx.pid = process.pid + 1;
        const started = await expectReuseDetected(ctx, dir, process.pid);
        // What the OS module's tool answered, not this machine's /proc.
        expect(started.getTime()).toBe(startedMs);
      } finally {
        sb.cleanup();
      }
    },
    90_000,
  );
});

/**
 * A lock held by `pid` (alive) that recorded another start time is taken over at once; with the
 * start time its OS module reads now, it is a live holder and waited for.
 */
async function expectReuseDetected(ctx: Context, dir: string, pid: number): Promise<Date> {
  const started = await ctx.proc.startTime?.(pid);
  expect(started, "this test needs the OS module to read the start time").toBeInstanceOf(Date);
  const lock = (startedAt: Date) => JSON.stringify({ pid, createdAt: new Date().toISOString(), startedAt: startedAt.toISOString() });
  writeFileSync(join(dir, "lock"), lock(new Date(started!.getTime() - 60_000)));
  expect(await withLock(ctx, dir, async () => "entered")).toBe("entered");
  writeFileSync(join(dir, "lock"), lock(started!));
  const held = await withLock(ctx, dir, async () => "entered").catch((e: unknown) => (e as CliError).code);
  expect(held).toBe("lock.busy");
  return started!;
}

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
    // Once it has dealt with the lock it moved aside, the late run waits for the live holder.
    let lateWaiting!: () => void;
    const lateWaits = new Promise<void>((r) => {
      lateWaiting = r;
    });
    const realSleep = late.clock.sleep;
    late.clock = {
      ...late.clock,
      sleep: (ms) => {
        lateWaiting();
        return realSleep(ms);
      },
    };
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
        await lateWaits;
      }),
    );
    await Promise.all([earlyRun, lateRun]);
    expect(overlap).toBe(false);
  }, 20_000);
});
