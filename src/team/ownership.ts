// The team out-dir holds one working key per member: it must be the user's own, and so must every
// file in it that the tool reads or replaces. Checked before anything is read, written or chmodded
// there; a symbolic link is never followed (its target may be anyone's).
import type { Stats } from "node:fs";
import { join } from "node:path";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { osReason } from "../core/os-error.js";
import { sha256 } from "../core/digest.js";
import { readRegularFile } from "../core/safe-read.js";
import { homeOwner, insideHome } from "../core/ownership.js";

/** Why a path of the out-dir is not ours to use; null when it is. */
export type OwnershipProblem = "symlink" | "not-directory" | "not-file" | "owner";

/**
 * Whether `stat` (from lstat: links not followed) is the user's own directory or regular file.
 * `uid` is whose it must be: the running user by default; a run as root for another user passes
 * that user's uid. Null (no POSIX owners, e.g. Windows): ownership is not checked.
 */
export function ownershipProblem(stat: Stats, kind: "directory" | "file", uid: number | null): OwnershipProblem | null {
  if (stat.isSymbolicLink()) return "symlink";
  if (kind === "directory" ? !stat.isDirectory() : !stat.isFile()) return kind === "directory" ? "not-directory" : "not-file";
  if (uid !== null && stat.uid !== uid) return "owner";
  return null;
}

function refused(path: string, problem: OwnershipProblem, owner: number): CliError {
  return new CliError({
    code: "team.out-dir-unsafe",
    message: `error.teamUnsafe.${problem}`,
    params: { path, owner },
    hint: "hint.teamUnsafe",
  });
}

async function lstatOrNull(ctx: Pick<Context, "fs">, path: string): Promise<Stats | null> {
  try {
    return await ctx.fs.lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError({
      code: "team.write-failed",
      message: "error.teamWriteFailed",
      params: { path, reason: osReason(error) },
      cause: error,
    });
  }
}

/**
 * Refuses an out-dir that is a symbolic link, not a directory, or owned by someone else, and any
 * existing file among `files` (names inside it) that is not a regular file of the user's. A
 * missing out-dir is fine: the tool creates it, the user's own.
 */
export async function checkOutDir(
  ctx: Pick<Context, "fs" | "uid" | "home">,
  outDir: string,
  files: string[],
  uid?: number | null,
): Promise<void> {
  uid ??= await expectedUid(ctx, outDir);
  const dir = await lstatOrNull(ctx, outDir);
  if (dir === null) return;
  const problem = ownershipProblem(dir, "directory", uid);
  // A file where the directory should be is the caller's usage error (it names the option).
  if (problem === "not-directory") return;
  if (problem) throw refused(outDir, problem, dir.uid);
  for (const name of files) {
    const path = join(outDir, name);
    const stat = await lstatOrNull(ctx, path);
    if (stat === null) continue;
    const fileProblem = ownershipProblem(stat, "file", uid);
    if (fileProblem) throw refused(path, fileProblem, stat.uid);
  }
}

/**
 * Whose the out-dir must be: the running user's; for root working inside a user's home (IT running
 * the tool for that user), the home owner's, as every file root writes there is given to them.
 */
async function expectedUid(ctx: Pick<Context, "fs" | "uid" | "home">, outDir: string): Promise<number | null> {
  if (ctx.uid !== 0 || !insideHome(ctx, outDir)) return ctx.uid;
  return (await homeOwner(ctx))?.uid ?? ctx.uid;
}

/** Member files are a few kilobytes; anything larger is not one the tool wrote. */
const MEMBER_FILE_MAX = 1024 * 1024;

/**
 * The digest of a member file as it is now, read without following a link; null when it is
 * missing, not a regular file or too large to be one of ours (all "not the file we wrote").
 */
export async function currentDigest(ctx: Pick<Context, "fs">, path: string): Promise<string | null> {
  // A link, a pipe, a folder, a file too large or gone: not the file the tool wrote.
  const data = await readRegularFile(ctx, path, { limit: MEMBER_FILE_MAX, noFollow: true }).catch(() => null);
  return data === null ? null : sha256(data);
}
