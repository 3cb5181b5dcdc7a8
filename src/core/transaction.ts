// The one place files are written (docs/how-it-works.md#what-it-guarantees): a lock, a backup set with a manifest,
// atomic temp-and-rename writes with owner-only modes, and rollback to the exact prior bytes.
import { basename, dirname, join } from "node:path";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { osReason } from "./os-error.js";
import { plural } from "../i18n/phrase.js";
import { randomHex, sha256 } from "./digest.js";
import { currentOwner, makeDirs, ownerFor, preflightOwners, reclaimStateDir } from "./ownership.js";
import { READ_LIMITS, readRegularFile, readRegularFileIfAny, readRegularFileStat } from "./safe-read.js";

export interface FileChange {
  path: string;
  /** Exact bytes before the change; null when the file does not exist. */
  before: Buffer | null;
  /** Bytes to write; null deletes the file. */
  after: Buffer | null;
  /** Holds the API key: always written owner-only. */
  secret: boolean;
  /** Mode of the existing file, kept for files that hold no secret. */
  mode: number | null;
  /** A directory whose permissions become dirMode (before and after are null: no bytes change). */
  dirMode?: number;
  /** The mode written whatever the file had (the credential helper must stay executable). */
  fileMode?: number;
}

export interface BackupFile {
  path: string;
  existed: boolean;
  /** A directory: only its mode is recorded (and restored). */
  directory?: boolean;
  size: number;
  sha256: string | null;
  mode: number | null;
  stored: string | null;
}

export interface BackupManifest {
  id: string;
  createdAt: string;
  command: string;
  tool: "claude-desktop-openrouter";
  files: BackupFile[];
}

export const BACKUPS_KEPT = 20;
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
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A failure of the tool's own state directory (lock, backups): typed, with the cause. */
function stateUnwritable(path: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  return new CliError({
    code: "state.unwritable",
    message: "error.stateUnwritable",
    params: { path, reason: osReason(error) },
    hint: "hint.stateUnwritable",
    cause: error,
  });
}

export function backupsDir(stateDir: string): string {
  return join(stateDir, "backups");
}

/** Creates missing directories owner-only, each given the owner it must have (src/core/ownership.ts). */
export async function ensureDir(ctx: Pick<Context, "fs" | "home" | "uid">, path: string): Promise<void> {
  await makeDirs(ctx, path, DIR_MODE);
}

/**
 * Where a write to path lands: path itself, or, when path is a symbolic link to an existing
 * file (a config kept in a dotfiles repository), the file it points to, so the link survives.
 * A dangling link holds no configuration and is replaced by the file.
 */
export async function writeTarget(ctx: Pick<Context, "fs">, path: string): Promise<string> {
  try {
    if (!(await ctx.fs.lstat(path)).isSymbolicLink()) return path;
    return await ctx.fs.realpath(path);
  } catch {
    return path;
  }
}

/**
 * Writes through a temporary file in the same directory, flushed, then renamed over the target
 * (over the file a symbolic link points to, keeping the link).
 */
export async function atomicWrite(
  ctx: Pick<Context, "fs" | "pid" | "home" | "uid">,
  linkOrPath: string,
  data: Buffer,
  mode: number,
): Promise<void> {
  const path = await writeTarget(ctx, linkOrPath);
  await ensureDir(ctx, dirname(path));
  // The file it replaces keeps its owner; a new one inside the home is the home's owner's.
  const owner = await ownerFor(ctx, path, await currentOwner(ctx, path));
  const temp = join(dirname(path), `.${basename(path)}.${ctx.pid}.${randomHex(4)}.tmp`);
  try {
    const handle = await ctx.fs.open(temp, "wx", mode);
    try {
      await handle.writeFile(data);
      if (owner) await handle.chown(owner.uid, owner.gid);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await ctx.fs.rename(temp, path);
  } catch (error) {
    await ctx.fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDir(ctx, dirname(path));
}

/** Makes the rename durable; directories cannot be opened for sync everywhere, so best effort. */
async function syncDir(ctx: Pick<Context, "fs">, dir: string): Promise<void> {
  try {
    const handle = await ctx.fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on this file system or platform.
  }
}

async function removeFile(ctx: Pick<Context, "fs">, path: string): Promise<void> {
  try {
    await ctx.fs.unlink(path);
  } catch (error) {
    if (errno(error) !== "ENOENT") throw error;
  }
}

async function currentBytes(ctx: Pick<Context, "fs">, path: string): Promise<Buffer | null> {
  return readRegularFileIfAny(ctx, path, { limit: READ_LIMITS.config });
}

/** A file of the tool's own state (a backup's manifest or copy): regular, not through a link, bounded. */
function readOwn(ctx: Pick<Context, "fs">, path: string): Promise<Buffer> {
  return readRegularFile(ctx, path, { limit: READ_LIMITS.config, noFollow: true });
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

async function currentMode(ctx: Pick<Context, "fs">, path: string): Promise<number | null> {
  try {
    return (await ctx.fs.stat(path)).mode & 0o777;
  } catch {
    return null;
  }
}

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
  const aside = join(dirname(lockPath), `.${basename(lockPath)}.${ctx.pid}.${randomHex(4)}.tmp`);
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
  const temp = join(dirname(lockPath), `.${basename(lockPath)}.${ctx.pid}.${randomHex(4)}.tmp`);
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

function backupId(ctx: Context, command: string): string {
  const stamp = ctx.clock
    .now()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.(\d+)Z$/, "$1Z");
  return `${stamp}-${command}-${randomHex(2)}`;
}

/** Copies the prior state of every file into a new backup set, owner-only, with a manifest. */
async function writeBackup(ctx: Context, stateDir: string, command: string, changes: FileChange[]): Promise<BackupManifest> {
  const id = backupId(ctx, command);
  const dir = join(backupsDir(stateDir), id);
  await ensureDir(ctx, join(dir, "files"));
  const files: BackupFile[] = [];
  for (const [index, change] of changes.entries()) {
    if (change.dirMode !== undefined) {
      files.push({ path: change.path, existed: true, directory: true, size: 0, sha256: null, mode: change.mode, stored: null });
      continue;
    }
    const stored = change.before ? `files/${index}` : null;
    if (change.before && stored) await atomicWrite(ctx, join(dir, stored), change.before, FILE_MODE);
    files.push({
      path: change.path,
      existed: change.before !== null,
      size: change.before?.length ?? 0,
      sha256: change.before ? sha256(change.before) : null,
      mode: change.mode,
      stored,
    });
  }
  const manifest: BackupManifest = { id, createdAt: ctx.clock.now().toISOString(), command, tool: "claude-desktop-openrouter", files };
  await atomicWrite(ctx, join(dir, "manifest.json"), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), FILE_MODE);
  return manifest;
}

/** A file's mode once written: owner-only for secrets and new files, else as it was. */
function targetMode(change: FileChange, phase: "apply" | "rollback"): number {
  if (phase === "rollback") return change.mode ?? FILE_MODE;
  if (change.fileMode !== undefined) return change.fileMode;
  return change.secret || change.mode === null ? FILE_MODE : change.mode;
}

async function applyOne(ctx: Context, change: FileChange, bytes: Buffer | null, phase: "apply" | "rollback"): Promise<void> {
  if (change.dirMode !== undefined) await ctx.fs.chmod(change.path, phase === "apply" ? change.dirMode : (change.mode ?? DIR_MODE));
  else if (bytes === null) await removeFile(ctx, change.path);
  else await atomicWrite(ctx, change.path, bytes, targetMode(change, phase));
}

/** True when the file (or directory mode) is exactly as it was before the change; false when unsure. */
async function isAsBefore(ctx: Context, change: FileChange): Promise<boolean> {
  try {
    if (change.dirMode !== undefined) return (await currentMode(ctx, change.path)) === change.mode;
    if (!sameBytes(await currentBytes(ctx, change.path), change.before)) return false;
    // A file rewritten with the same bytes only to change its mode is back once its mode is.
    return change.before === null || !sameBytes(change.before, change.after) || (await currentMode(ctx, change.path)) === change.mode;
  } catch {
    return false;
  }
}

export interface CommitResult {
  backup: BackupManifest;
  backupPath: string;
}

/**
 * Applies the changes as one transaction. Call inside withLock. Every file is first checked to
 * still hold the bytes the plan was made from, then backed up; any failure part-way puts every
 * file already written back to its exact prior bytes.
 */
export async function commitChanges(ctx: Context, stateDir: string, command: string, changes: FileChange[]): Promise<CommitResult> {
  // Every file written (not one only deleted) must be able to keep its owner; the backups too.
  const written = changes.filter((c) => c.after !== null || c.dirMode !== undefined);
  await preflightOwners(ctx, [join(backupsDir(stateDir), "x"), ...(await Promise.all(written.map((c) => writeTarget(ctx, c.path))))]);
  await sweepLeftovers(ctx, stateDir, changes);
  for (const change of changes) {
    if (change.dirMode !== undefined) continue;
    const current = await currentBytes(ctx, change.path).catch((error) => {
      const code = errno(error);
      if (code === "EISDIR" || code === "ENOTDIR" || code === "not-a-file")
        throw new CliError({
          code: "config.not-a-file",
          message: "error.notAFile",
          params: { path: change.path, reason: osReason(error) },
          hint: "hint.notAFile",
          cause: error,
        });
      throw new CliError({
        code: "config.unreadable",
        message: "error.configUnreadable",
        params: { path: change.path, reason: osReason(error) },
        hint: "hint.configUnreadable",
        cause: error,
      });
    });
    if (!sameBytes(current, change.before)) {
      throw new CliError({
        code: "config.changed",
        message: "error.configChanged",
        params: { path: change.path },
        hint: "hint.configChanged",
      });
    }
  }
  const backup = await writeBackup(ctx, stateDir, command, changes).catch((error) => {
    throw stateUnwritable(backupsDir(stateDir), error);
  });
  const backupPath = join(backupsDir(stateDir), backup.id);
  const done: FileChange[] = [];
  try {
    for (const change of changes) {
      done.push(change);
      await applyOne(ctx, change, change.after, "apply");
    }
  } catch (error) {
    throw await rollBack(ctx, done, error, backupPath);
  }
  return { backup, backupPath };
}

/**
 * Puts every file touched in this run back to its prior bytes, then reads each one back: the
 * report says "rolled back" or "nothing changed" only for what is verified to be so, and "rollback
 * failed" only for a file really left changed.
 */
async function rollBack(ctx: Context, done: FileChange[], error: unknown, backupPath: string): Promise<CliError> {
  const failing = done.at(-1)!;
  const reason = osReason(error);
  let changed = 0;
  const leftChanged: string[] = [];
  for (const change of [...done].reverse()) {
    if (await isAsBefore(ctx, change)) continue;
    changed++;
    await applyOne(ctx, change, change.before, "rollback").catch(() => undefined);
    if (!(await isAsBefore(ctx, change))) leftChanged.push(change.path);
  }
  if (leftChanged.length > 0) {
    return new CliError({
      code: "write.rollback-failed",
      message: "error.rollbackFailed",
      params: { path: failing.path, reason, files: leftChanged.join(", "), backup: backupPath },
      hint: "hint.rollbackFailed",
      cause: error,
    });
  }
  const told = changed === 0 ? { key: "error.writeFailedUnchanged" as const, params: {} } : plural("error.writeFailed", changed);
  return new CliError({
    code: "write.failed",
    message: told.key,
    params: { ...told.params, path: failing.path, reason, backup: backupPath },
    hint: "hint.writeFailed",
    cause: error,
  });
}

/** The names in a directory; none when it is missing or cannot be read. */
async function namesIn(ctx: Pick<Context, "fs">, dir: string): Promise<string[]> {
  return ctx.fs.readdir(dir).catch(() => []);
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** Removes temporary files (ours: `.<name>.<pid>.<hex>.tmp`) whose process is gone. */
async function sweepTemps(ctx: Context, dir: string): Promise<void> {
  for (const name of await namesIn(ctx, dir)) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === ctx.pid || ctx.proc.isAlive(pid)) continue;
    await ctx.fs.rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

/**
 * Removes what a run killed part-way (SIGKILL, power loss) can leave behind: temporary files
 * beside the files we write and backup sets without a manifest. Called under the lock, so no
 * live run of ours is writing them; a temp file whose process still lives is left alone anyway.
 */
async function sweepLeftovers(ctx: Context, stateDir: string, changes: FileChange[]): Promise<void> {
  const targets = await Promise.all(changes.map((c) => writeTarget(ctx, c.path)));
  for (const dir of new Set([stateDir, ...targets.map((path) => dirname(path))])) await sweepTemps(ctx, dir);
  const backups = backupsDir(stateDir);
  for (const name of await namesIn(ctx, backups)) {
    const manifest = await ctx.fs.stat(join(backups, name, "manifest.json")).catch(() => null);
    if (!manifest) await ctx.fs.rm(join(backups, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function listBackups(ctx: Context, stateDir: string): Promise<BackupManifest[]> {
  const dir = backupsDir(stateDir);
  const manifests: BackupManifest[] = [];
  for (const name of (await namesIn(ctx, dir)).sort().reverse()) {
    try {
      const manifest = JSON.parse((await readOwn(ctx, join(dir, name, "manifest.json"))).toString("utf8")) as BackupManifest;
      if (manifest.id === name && Array.isArray(manifest.files)) manifests.push(manifest);
    } catch {
      // Not a backup set (or an incomplete one): ignore.
    }
  }
  return manifests;
}

/**
 * Keeps the newest BACKUPS_KEPT sets, always the oldest one (the state before the first setup),
 * and every set holding an original that `keep` names (a sha256 state.json still refers to).
 */
export async function pruneBackups(ctx: Context, stateDir: string, keep: Set<string> = new Set()): Promise<void> {
  const dir = backupsDir(stateDir);
  const manifests = await listBackups(ctx, stateDir);
  const oldest = manifests.at(-1)?.id;
  for (const manifest of manifests.slice(BACKUPS_KEPT)) {
    if (manifest.id === oldest || manifest.files.some((f) => f.sha256 !== null && keep.has(f.sha256))) continue;
    await ctx.fs.rm(join(dir, manifest.id), { recursive: true, force: true });
  }
}

/** Deletes every backup set (they hold copies of the key); returns how many there were. */
export async function purgeBackups(ctx: Context, stateDir: string): Promise<number> {
  const dir = backupsDir(stateDir);
  const names = await namesIn(ctx, dir);
  for (const name of names) await ctx.fs.rm(join(dir, name), { recursive: true, force: true });
  return names.length;
}

/** The newest backed-up copy of path whose sha256 is `hash`, or null when no set holds it any more. */
export async function findBackedUp(ctx: Context, stateDir: string, path: string, hash: string): Promise<Buffer | null> {
  for (const manifest of await listBackups(ctx, stateDir)) {
    const file = manifest.files.find((f) => f.path === path && f.sha256 === hash && f.stored);
    if (!file?.stored) continue;
    const bytes = await readOwn(ctx, join(backupsDir(stateDir), manifest.id, file.stored)).catch(() => null);
    if (bytes && sha256(bytes) === hash) return bytes;
  }
  return null;
}

/** The bytes a backup set holds for each of its files (null: the file did not exist). */
export async function readBackupFiles(
  ctx: Context,
  stateDir: string,
  manifest: BackupManifest,
): Promise<{ file: BackupFile; bytes: Buffer | null }[]> {
  const dir = join(backupsDir(stateDir), manifest.id);
  const out: { file: BackupFile; bytes: Buffer | null }[] = [];
  for (const file of manifest.files) {
    if (file.directory) continue;
    if (!file.existed || !file.stored) {
      out.push({ file, bytes: null });
      continue;
    }
    const bytes = await readOwn(ctx, join(dir, file.stored));
    if (file.sha256 && sha256(bytes) !== file.sha256) {
      throw new CliError({
        code: "backup.corrupt",
        message: "error.backupCorrupt",
        params: { id: manifest.id, path: file.path },
        hint: "hint.backupCorrupt",
      });
    }
    out.push({ file, bytes });
  }
  return out;
}
