// The one place files are written (docs/how-it-works.md#what-it-guarantees): the commit. Under
// the lock (./lock.ts), every file is checked to hold the bytes the plan was made from, backed up
// (./backups.ts), then written atomically (./atomic-write.ts); a failure part-way puts every file
// already written back to its exact prior bytes, verified.
import { dirname, join } from "node:path";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { osReason } from "./os-error.js";
import { plural } from "../i18n/phrase.js";
import { preflightOwners } from "./ownership.js";
import {
  atomicWrite,
  currentBytes,
  currentMode,
  DIR_MODE,
  errno,
  FILE_MODE,
  namesIn,
  removeFile,
  sameBytes,
  stateUnwritable,
  sweepTemps,
  writeTarget,
} from "./atomic-write.js";
import { backupsDir, writeBackup, type BackupManifest } from "./backups.js";

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
