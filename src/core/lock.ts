// The lock that makes runs of the tool take turns on one state directory: created exclusively,
// naming its process (and when that process started), waited for on the context's clock, and
// taken over only when its process is verifiably gone.
import { join } from "node:path";
import type { Context } from "./context.js";
import { randomHex } from "./digest.js";
import { CliError } from "./errors.js";
import { ownerFor, preflightOwners, reclaimStateDir } from "./ownership.js";
import { READ_LIMITS, readRegularFileStat } from "./safe-read.js";
import { ensureDir, errno, FILE_MODE, removeFile, stateUnwritable, sweepTemps, tempPathFor } from "./atomic-write.js";

export const LOCK_WAIT_MS = 120_000;
const LOCK_POLL_MS = 50;
/** How often a run waiting for the lock says so again. */
const LOCK_NOTICE_MS = 15_000;
/** A lock that is empty or unreadable this long is a leftover, not a run creating it. */
const LOCK_UNREADABLE_STALE_MS = 10_000;
/** Slack between the boot time we compute and the clock that stamped the lock. */
const BOOT_SLACK_MS = 5_000;
/**
 * Two reads of one process's start time differ by less than this: macOS ps counts whole seconds
 * (up to one second early, plus the time ps takes), a run reads its own from its clock.
 */
const START_SLACK_MS = 2_000;

interface LockInfo {
  pid: number;
  createdAt: string;
  /** Unique to one acquisition: tells our lock from any other, even one with our PID. */
  nonce?: string;
  /** proc.startTime(pid) when the lock was taken (ISO): a PID reused by another program differs. */
  startedAt?: string | null;
}

/** What a lock file held when it was judged, to make sure a takeover removes exactly that file. */
interface LockSeen {
  content: string;
  ino: number;
  mtimeMs: number;
  info: Partial<LockInfo> | null;
  /** Not a regular file (a FIFO, a folder, a link, a device) or too big: never written by a run of ours. */
  foreign?: boolean;
}

async function readLock(ctx: Pick<Context, "fs">, path: string): Promise<LockSeen | null> {
  try {
    const read = await readRegularFileStat(ctx, path, { limit: READ_LIMITS.lock, noFollow: true });
    const stat = read.stat;
    const content = read.bytes.toString("utf8");
    let info: Partial<LockInfo> | null = null;
    try {
      const parsed = JSON.parse(content) as unknown;
      if (parsed && typeof parsed === "object") info = parsed as Partial<LockInfo>;
    } catch {
      info = null;
    }
    return { content, ino: stat.ino, mtimeMs: stat.mtimeMs, info };
  } catch (error) {
    if (errno(error) === "ENOENT") return null;
    if (["not-a-file", "symlink", "EISDIR", "too-large"].includes(errno(error) ?? "")) {
      const stat = await ctx.fs.lstat(path);
      return { content: `\0${errno(error)}`, ino: stat.ino, mtimeMs: stat.mtimeMs, info: null, foreign: true };
    }
    throw error;
  }
}

function sameLock(a: LockSeen, b: LockSeen): boolean {
  return a.content === b.content && (a.ino === 0 || b.ino === 0 || a.ino === b.ino);
}

/**
 * Runs fn while holding the tool's lock, so two runs never interleave. A lock is taken over only
 * when it is stale (lockIsStale); while a live run holds it, this one says so and waits, up to
 * LOCK_WAIT_MS on the context's clock.
 */
export async function withLock<T>(ctx: Context, stateDir: string, fn: () => Promise<T>): Promise<T> {
  // A run that could not leave the lock and the backups to their owner writes nothing at all.
  await preflightOwners(ctx, [join(stateDir, "lock")]);
  await ensureDir(ctx, stateDir).catch((error) => {
    throw stateUnwritable(stateDir, error);
  });
  await reclaimStateDir(ctx, stateDir).catch((error) => {
    throw stateUnwritable(stateDir, error);
  });
  const lockPath = join(stateDir, "lock");
  const started = ctx.clock.now().getTime();
  const deadline = started + LOCK_WAIT_MS;
  let lastNotice = Number.NEGATIVE_INFINITY;
  const nonce = randomHex(8);
  const startedAt = (await ctx.proc.startTime?.(ctx.pid))?.toISOString() ?? null;
  // A holder's start time is read once while waiting (on Windows each read starts PowerShell).
  const starts = new Map<number, Promise<Date | null>>();
  const startOf = (pid: number) => {
    if (!starts.has(pid)) starts.set(pid, ctx.proc.startTime?.(pid) ?? Promise.resolve(null));
    return starts.get(pid)!;
  };
  let content = "";
  for (;;) {
    content = JSON.stringify({ pid: ctx.pid, createdAt: ctx.clock.now().toISOString(), nonce, startedAt } satisfies LockInfo);
    const locked = await tryLock(ctx, lockPath, content).catch((error) => {
      throw stateUnwritable(stateDir, error);
    });
    // Ours only if the file there is the one we wrote (a takeover by another run cannot have raced it).
    // undefined: there but unreadable (waited out like a live lock); null: gone, try again at once.
    const seen = await readLock(ctx, lockPath).catch(() => undefined);
    if (locked && (seen === undefined || seen?.content === content)) break;
    if (seen === null) continue;
    if (seen && (await lockIsStale(ctx, seen, startOf))) {
      await takeOver(ctx, lockPath, seen);
      continue;
    }
    const now = ctx.clock.now().getTime();
    if (now > deadline) {
      throw new CliError({
        code: "lock.busy",
        message: "error.lockBusy",
        params: { path: lockPath, pid: seen?.info?.pid ?? "?", seconds: Math.round((now - started) / 1000) },
        hint: "hint.lockBusy",
      });
    }
    if (seen && now - lastNotice >= LOCK_NOTICE_MS) {
      lastNotice = now;
      const since = Date.parse(seen.info?.createdAt ?? "");
      const age = Number.isFinite(since) ? Math.max(0, Math.round((now - since) / 1000)) : Math.round((now - seen.mtimeMs) / 1000);
      ctx.streams.stderr.write(`${ctx.ui.t("lock.waiting", { path: lockPath, pid: seen.info?.pid ?? "?", age })}\n`);
    }
    await ctx.clock.sleep(LOCK_POLL_MS);
  }
  try {
    await sweepTemps(ctx, stateDir);
    return await fn();
  } finally {
    // Remove it only while it is still ours.
    if ((await readLock(ctx, lockPath).catch(() => null))?.content === content) await removeFile(ctx, lockPath).catch(() => undefined);
  }
}

/**
 * Removes a stale lock so that of several runs judging it stale at once only one removes it, and
 * never a live lock that replaced it meanwhile: the lock is renamed to a name of our own, then
 * compared with what was judged; anything else is put back (a hard link fails if a new lock exists).
 */
async function takeOver(ctx: Context, lockPath: string, judged: LockSeen): Promise<void> {
  const aside = tempPathFor(ctx, lockPath);
  try {
    await ctx.fs.rename(lockPath, aside);
  } catch {
    return; // Gone already: another run recovered it first.
  }
  const moved = await readLock(ctx, aside).catch(() => null);
  if (moved && !sameLock(moved, judged)) {
    // A live lock took the stale one's place between our look and the rename: put it back.
    await ctx.fs.link(aside, lockPath).catch(() => undefined);
  }
  await removeFile(ctx, aside).catch(() => undefined);
}

/**
 * Creates the lock with its content already in it: written to a temporary file, then hard-linked
 * to the lock path (atomic, fails if it exists). A run killed at any moment thus never leaves an
 * empty lock that others would have to wait out. File systems without hard links fall back to
 * an exclusive create.
 */
async function tryLock(ctx: Context, lockPath: string, content: string): Promise<boolean> {
  const temp = tempPathFor(ctx, lockPath);
  const owner = await ownerFor(ctx, lockPath, null);
  try {
    await writeNew(ctx, temp, content, owner);
    try {
      await ctx.fs.link(temp, lockPath);
      return true;
    } catch (error) {
      if (errno(error) === "EEXIST") return false;
      if (!["EPERM", "ENOTSUP", "ENOSYS", "EOPNOTSUPP", "EXDEV"].includes(errno(error) ?? "")) throw error;
    }
  } finally {
    await ctx.fs.rm(temp, { force: true }).catch(() => undefined);
  }
  try {
    await writeNew(ctx, lockPath, content, owner);
    return true;
  } catch (error) {
    if (errno(error) === "EEXIST") return false;
    throw error;
  }
}

/** Creates a file that must not exist yet, owner-only, given to owner (a root run for a user). */
async function writeNew(ctx: Context, path: string, content: string, owner: Awaited<ReturnType<typeof ownerFor>>): Promise<void> {
  const handle = await ctx.fs.open(path, "wx", FILE_MODE);
  try {
    await handle.writeFile(content);
    if (owner) await handle.chown(owner.uid, owner.gid);
  } finally {
    await handle.close();
  }
}

/**
 * A lock is stale when its run cannot be running any more: its PID is gone, the PID now belongs
 * to a process started at another time (a reboot reuses PIDs), or the lock was written before the
 * machine last booted. An unreadable lock is stale once it has stayed so for a while.
 */
export async function lockIsStale(
  ctx: Context,
  seen: LockSeen,
  startOf = async (pid: number) => (await ctx.proc.startTime?.(pid)) ?? null,
): Promise<boolean> {
  const now = ctx.clock.now().getTime();
  const info = seen.info;
  if (seen.foreign) return true;
  if (!info) return now - seen.mtimeMs > LOCK_UNREADABLE_STALE_MS;
  // Every lock this tool writes holds a positive integer PID and a startedAt (null when the start
  // time could not be read). Anything else was not written by a run of ours: 0 and -1 would even
  // "exist" (kill(0) reaches our own process group, kill(-1) every process).
  if (!Number.isSafeInteger(info.pid) || (info.pid as number) <= 0 || !("startedAt" in info)) return true;
  if (info.startedAt !== null && typeof info.startedAt !== "string") return true;
  const boot = ctx.clock.bootTime?.()?.getTime();
  const created = Date.parse(info.createdAt ?? "");
  if (boot !== undefined && Number.isFinite(created) && created < boot - BOOT_SLACK_MS) return true;
  // The same PID as ours is another run inside this very process (tests run commands in-process).
  const pid = info.pid as number;
  if (pid === ctx.pid) return false;
  if (!ctx.proc.isAlive(pid)) return true;
  const recorded = typeof info.startedAt === "string" ? Date.parse(info.startedAt) : Number.NaN;
  if (typeof info.startedAt === "string" && !Number.isFinite(recorded)) return true;
  if (Number.isFinite(recorded)) {
    const started = await startOf(pid);
    if (started && Math.abs(started.getTime() - recorded) > START_SLACK_MS) return true;
  }
  return false;
}
