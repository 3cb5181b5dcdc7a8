// The one place files are written (docs/how-it-works.md#what-it-guarantees): a lock, a backup set with a manifest,
// atomic temp-and-rename writes with owner-only modes, and rollback to the exact prior bytes.
import { createHash, randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";

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
}

export interface BackupFile {
  path: string;
  existed: boolean;
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
const LOCK_WAIT_MS = 120_000;
const LOCK_POLL_MS = 50;
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
    params: { path, reason: errno(error) ?? String(error) },
    hint: "hint.stateUnwritable",
    cause: error,
  });
}

export function backupsDir(stateDir: string): string {
  return join(stateDir, "backups");
}

/** Creates missing directories owner-only. */
export async function ensureDir(ctx: Pick<Context, "fs">, path: string): Promise<void> {
  await ctx.fs.mkdir(path, { recursive: true, mode: DIR_MODE });
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
export async function atomicWrite(ctx: Pick<Context, "fs" | "pid">, linkOrPath: string, data: Buffer, mode: number): Promise<void> {
  const path = await writeTarget(ctx, linkOrPath);
  await ensureDir(ctx, dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${ctx.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await ctx.fs.open(temp, "wx", mode);
    try {
      await handle.writeFile(data);
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
  try {
    return await ctx.fs.readFile(path);
  } catch (error) {
    if (errno(error) === "ENOENT") return null;
    throw error;
  }
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

interface LockInfo {
  pid: number;
  createdAt: string;
}

/**
 * Runs fn while holding the tool's lock, so two runs never interleave. A lock left by a process
 * that no longer exists is taken over.
 */
export async function withLock<T>(ctx: Context, stateDir: string, fn: () => Promise<T>): Promise<T> {
  await ensureDir(ctx, stateDir).catch((error) => {
    throw stateUnwritable(stateDir, error);
  });
  const lockPath = join(stateDir, "lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const locked = await tryLock(ctx, lockPath).catch((error) => {
      throw stateUnwritable(stateDir, error);
    });
    if (locked) break;
    if (await lockIsStale(ctx, lockPath)) {
      // Move it aside first so that of two runs recovering at once only one removes it.
      const aside = `${lockPath}.stale.${ctx.pid}.${randomBytes(3).toString("hex")}`;
      try {
        await ctx.fs.rename(lockPath, aside);
        await removeFile(ctx, aside);
      } catch {
        // Someone else recovered it first.
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new CliError({ code: "lock.busy", message: "error.lockBusy", params: { path: lockPath }, hint: "hint.lockBusy" });
    }
    await ctx.clock.sleep(LOCK_POLL_MS);
  }
  try {
    await sweepTemps(ctx, stateDir);
    return await fn();
  } finally {
    await removeFile(ctx, lockPath).catch(() => undefined);
  }
}

/**
 * Creates the lock with its content already in it: written to a temporary file, then hard-linked
 * to the lock path (atomic, fails if it exists). A run killed at any moment thus never leaves an
 * empty lock that others would have to wait out. File systems without hard links fall back to
 * an exclusive create.
 */
async function tryLock(ctx: Context, lockPath: string): Promise<boolean> {
  const content = JSON.stringify({ pid: ctx.pid, createdAt: ctx.clock.now().toISOString() } satisfies LockInfo);
  const temp = join(dirname(lockPath), `.${basename(lockPath)}.${ctx.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await ctx.fs.writeFile(temp, content, { mode: FILE_MODE, flag: "wx" });
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
    const handle = await ctx.fs.open(lockPath, "wx", FILE_MODE);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errno(error) === "EEXIST") return false;
    throw error;
  }
}

async function lockIsStale(ctx: Context, lockPath: string): Promise<boolean> {
  let info: Partial<LockInfo>;
  try {
    info = JSON.parse((await ctx.fs.readFile(lockPath)).toString("utf8")) as Partial<LockInfo>;
  } catch (error) {
    if (errno(error) === "ENOENT") return false;
    // Unreadable or half-written: stale only if it has been that way for a while.
    try {
      const stat = await ctx.fs.stat(lockPath);
      return Date.now() - stat.mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  return typeof info.pid !== "number" || (info.pid !== ctx.pid && !ctx.proc.isAlive(info.pid));
}

function backupId(ctx: Context, command: string): string {
  const stamp = ctx.clock
    .now()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.(\d+)Z$/, "$1Z");
  return `${stamp}-${command}-${randomBytes(2).toString("hex")}`;
}

/** Copies the prior state of every file into a new backup set, owner-only, with a manifest. */
async function writeBackup(ctx: Context, stateDir: string, command: string, changes: FileChange[]): Promise<BackupManifest> {
  const id = backupId(ctx, command);
  const dir = join(backupsDir(stateDir), id);
  await ensureDir(ctx, join(dir, "files"));
  const files: BackupFile[] = [];
  for (const [index, change] of changes.entries()) {
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
  return change.secret || change.mode === null ? FILE_MODE : change.mode;
}

async function applyOne(ctx: Context, change: FileChange, bytes: Buffer | null, phase: "apply" | "rollback"): Promise<void> {
  if (bytes === null) await removeFile(ctx, change.path);
  else await atomicWrite(ctx, change.path, bytes, targetMode(change, phase));
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
  await sweepLeftovers(ctx, stateDir, changes);
  for (const change of changes) {
    const current = await currentBytes(ctx, change.path).catch((error) => {
      const code = errno(error);
      if (code === "EISDIR" || code === "ENOTDIR")
        throw new CliError({
          code: "config.not-a-file",
          message: "error.notAFile",
          params: { path: change.path },
          hint: "hint.notAFile",
          cause: error,
        });
      throw new CliError({
        code: "config.unreadable",
        message: "error.configUnreadable",
        params: { path: change.path, reason: code ?? String(error) },
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
    const failed: string[] = [];
    for (const change of done.reverse()) {
      try {
        await applyOne(ctx, change, change.before, "rollback");
      } catch {
        failed.push(change.path);
      }
    }
    const path = done[0]?.path ?? "";
    if (failed.length > 0) {
      throw new CliError({
        code: "write.rollback-failed",
        message: "error.rollbackFailed",
        params: { path, reason: errno(error) ?? String(error), files: failed.join(", "), backup: backupPath },
        hint: "hint.rollbackFailed",
        cause: error,
      });
    }
    throw new CliError({
      code: "write.failed",
      message: "error.writeFailed",
      params: { path: done.at(-1)?.path ?? path, reason: errno(error) ?? String(error), count: done.length, backup: backupPath },
      hint: "hint.writeFailed",
      cause: error,
    });
  }
  await pruneBackups(ctx, stateDir).catch(() => undefined);
  return { backup, backupPath };
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
      const manifest = JSON.parse((await ctx.fs.readFile(join(dir, name, "manifest.json"))).toString("utf8")) as BackupManifest;
      if (manifest.id === name && Array.isArray(manifest.files)) manifests.push(manifest);
    } catch {
      // Not a backup set (or an incomplete one): ignore.
    }
  }
  return manifests;
}

/** Keeps the newest BACKUPS_KEPT sets. */
async function pruneBackups(ctx: Context, stateDir: string): Promise<void> {
  const dir = backupsDir(stateDir);
  const names = (await ctx.fs.readdir(dir)).sort().reverse();
  for (const name of names.slice(BACKUPS_KEPT)) {
    await ctx.fs.rm(join(dir, name), { recursive: true, force: true });
  }
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
    if (!file.existed || !file.stored) {
      out.push({ file, bytes: null });
      continue;
    }
    const bytes = await ctx.fs.readFile(join(dir, file.stored));
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
