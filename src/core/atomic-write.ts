// Atomic writes: through a temporary file in the same directory, flushed, renamed over the target
// (through a symbolic link to the file it names), owner-only where it must be; and the small file
// helpers the lock, the backups and the commit share.
import { basename, dirname, join } from "node:path";
import type { Context } from "./context.js";
import { randomHex } from "./digest.js";
import { CliError } from "./errors.js";
import { osReason } from "./os-error.js";
import { currentOwner, makeDirs, ownerFor } from "./ownership.js";
import { READ_LIMITS, readRegularFileIfAny } from "./safe-read.js";

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A failure of the tool's own state directory (lock, backups): typed, with the cause. */
export function stateUnwritable(path: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  return new CliError({
    code: "state.unwritable",
    message: "error.stateUnwritable",
    params: { path, reason: osReason(error) },
    hint: "hint.stateUnwritable",
    cause: error,
  });
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
  const temp = tempPathFor(ctx, path);
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

export async function removeFile(ctx: Pick<Context, "fs">, path: string): Promise<void> {
  try {
    await ctx.fs.unlink(path);
  } catch (error) {
    if (errno(error) !== "ENOENT") throw error;
  }
}

export async function currentBytes(ctx: Pick<Context, "fs">, path: string): Promise<Buffer | null> {
  return readRegularFileIfAny(ctx, path, { limit: READ_LIMITS.config });
}

export function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

export async function currentMode(ctx: Pick<Context, "fs">, path: string): Promise<number | null> {
  try {
    return (await ctx.fs.stat(path)).mode & 0o777;
  } catch {
    return null;
  }
}

export async function namesIn(ctx: Pick<Context, "fs">, dir: string): Promise<string[]> {
  return ctx.fs.readdir(dir).catch(() => []);
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** A temporary name beside path, in the one shape sweepTemps recognises (`.<name>.<pid>.<hex>.tmp`). */
export function tempPathFor(ctx: Pick<Context, "pid">, path: string): string {
  return join(dirname(path), `.${basename(path)}.${ctx.pid}.${randomHex(4)}.tmp`);
}

/** Removes temporary files (ours: `.<name>.<pid>.<hex>.tmp`) whose process is gone. */
export async function sweepTemps(ctx: Context, dir: string): Promise<void> {
  for (const name of await namesIn(ctx, dir)) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === ctx.pid || ctx.proc.isAlive(pid)) continue;
    await ctx.fs.rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}
