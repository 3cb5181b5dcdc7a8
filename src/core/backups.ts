// The backup catalogue: before a commit, the prior bytes of every file it changes, in a set
// with a manifest (owner-only); listed, pruned, purged and read back for revert.
import { join } from "node:path";
import type { Context } from "./context.js";
import { randomHex, sha256 } from "./digest.js";
import { CliError } from "./errors.js";
import { READ_LIMITS, readRegularFile } from "./safe-read.js";
import { atomicWrite, ensureDir, FILE_MODE, namesIn } from "./atomic-write.js";
import type { FileChange } from "./transaction.js";

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

export function backupsDir(stateDir: string): string {
  return join(stateDir, "backups");
}

/** A file of the tool's own state (a backup's manifest or copy): regular, not through a link, bounded. */
function readOwn(ctx: Pick<Context, "fs">, path: string): Promise<Buffer> {
  return readRegularFile(ctx, path, { limit: READ_LIMITS.config, noFollow: true });
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
export async function writeBackup(ctx: Context, stateDir: string, command: string, changes: FileChange[]): Promise<BackupManifest> {
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
