// Who a file the tool writes belongs to (docs/safety.md#running-as-root-for-a-user). Run by a
// user, everything it writes is theirs, as the OS makes it. Run as root for a user (sudo with that
// user's HOME, a management agent), what it writes under the user's home must stay the user's, or
// their Claude Desktop could no longer read its own library and their next run could not write:
//
// - a file it replaces keeps the owner and group of the file it replaces;
// - a new file or folder inside the home gets the owner and group of the home;
// - outside the home (an export to /tmp, a --config-dir elsewhere) a new file is the runner's.
//
// When a run cannot keep that (not root, and the file, or the home a new file goes into, belongs
// to someone else), it refuses before writing anything (preflightOwners), rather than leaving a
// file the user can no longer write or read.
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { errnoOf } from "./os-error.js";

export interface Owner {
  uid: number;
  gid: number;
}

type OwnerContext = Pick<Context, "fs" | "home" | "uid">;

/** True when path is the home itself or inside it. */
export function insideHome(ctx: Pick<Context, "home">, path: string): boolean {
  const rel = relative(ctx.home, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The owner of the home; null where there are no POSIX owners (Windows) or the home is missing. */
export async function homeOwner(ctx: OwnerContext): Promise<Owner | null> {
  if (ctx.uid === null) return null;
  try {
    const stat = await ctx.fs.stat(ctx.home);
    return { uid: stat.uid, gid: stat.gid };
  } catch {
    return null;
  }
}

/** The refusal: the file (or the home a new file goes into) belongs to another user and this run cannot give it back. */
function foreignOwner(ctx: OwnerContext, path: string, owner: Owner): CliError {
  return new CliError({
    code: "write.foreign-owner",
    message: "error.foreignOwner",
    params: { path, owner: owner.uid, uid: ctx.uid ?? "?" },
    hint: "hint.foreignOwner",
  });
}

/**
 * The owner a file or folder written at `path` must be given (chown), or null when the OS's
 * default is already right. `existing`: the file it replaces (its lstat), null for a new one.
 * Throws write.foreign-owner when the right owner cannot be had.
 */
export async function ownerFor(ctx: OwnerContext, path: string, existing: Owner | null): Promise<Owner | null> {
  if (ctx.uid === null) return null;
  let wanted = existing;
  // Root's own file in a user's home is what an earlier root run left (the app could not read it):
  // a root run for that user gives it back to them.
  if (ctx.uid === 0 && existing?.uid === 0 && insideHome(ctx, path)) {
    const home = await homeOwner(ctx);
    if (home && home.uid !== 0) wanted = home;
  }
  if (wanted === null) {
    if (!insideHome(ctx, path)) return null;
    wanted = await homeOwner(ctx);
    if (wanted === null) return null;
  }
  if (ctx.uid === 0) return wanted.uid === 0 && existing === null ? null : wanted;
  if (wanted.uid !== ctx.uid) throw foreignOwner(ctx, existing ? path : ctx.home, wanted);
  return null;
}

/** The owner of what is at path now (the file a symbolic link points to), or null when nothing is there. */
export async function currentOwner(ctx: Pick<Context, "fs">, path: string): Promise<Owner | null> {
  try {
    const stat = await ctx.fs.stat(path);
    return { uid: stat.uid, gid: stat.gid };
  } catch (error) {
    if (errnoOf(error) === "ENOENT" || errnoOf(error) === "ENOTDIR") return null;
    throw error;
  }
}

/**
 * Checks, before anything is written, that every path can be written with the owner it must
 * have: the file it replaces, or, for a new one, its nearest existing folder's rule (the home's
 * owner inside the home). Throws write.foreign-owner naming the first that cannot.
 */
export async function preflightOwners(ctx: OwnerContext, paths: string[]): Promise<void> {
  if (ctx.uid === null || ctx.uid === 0) return;
  for (const path of paths) {
    const existing = await currentOwner(ctx, path).catch(() => null);
    await ownerFor(ctx, path, existing);
  }
}

/** Gives a folder or file at path (not following a final link) to owner; nothing when owner is null. */
async function giveTo(ctx: Pick<Context, "fs">, path: string, owner: Owner | null): Promise<void> {
  if (owner === null) return;
  await ctx.fs.lchown(path, owner.uid, owner.gid);
}

/** Folders under /proc, /sys and /dev are the kernel's: nothing of ours is created there. */
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"];

function pseudoFs(path: string): boolean {
  return PSEUDO_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * A home on a kernel pseudo file system (HOME=/proc) is refused by every command at once: nothing
 * the tool reads or makes belongs there, and a recursive mkdir there would never end.
 */
export async function checkHome(ctx: Pick<Context, "fs" | "home">): Promise<void> {
  let real = ctx.home;
  try {
    real = await ctx.fs.realpath(ctx.home);
  } catch {
    // A home that does not exist (yet) is judged by its name.
  }
  if (pseudoFs(ctx.home) || pseudoFs(real)) {
    throw new CliError({
      code: "home.unusable",
      message: "error.homeUnusable",
      params: { home: ctx.home, reason: { key: "os.pseudo-fs" } },
      hint: "hint.homeMissing",
    });
  }
}

/** How many missing folders one ensureDir may create (a real chain is a handful). */
const MAX_NEW_DIRS = 32;

/**
 * Root for a user: the folders from `dir` up to (not including) the home that an earlier root run
 * left root's are given back to the home's owner, or the user could not enter their own state
 * folder. Folders of any other owner are left as they are.
 */
async function reclaimDirs(ctx: OwnerContext, dir: string): Promise<void> {
  const home = await homeOwner(ctx);
  if (!home || home.uid === 0) return;
  for (let at = dir; insideHome(ctx, at) && at !== ctx.home; at = dirname(at)) {
    const stat = await ctx.fs.lstat(at).catch(() => null);
    if (stat?.isDirectory() && stat.uid === 0) await giveTo(ctx, at, home);
  }
}

/**
 * Root for a user: everything in the tool's own state folder (lock, state.json, backup sets) that
 * an earlier root run left root's is given back to the home's owner, so the user's own revert can
 * read its backups. Links are not followed; at most a few levels deep (backups/<id>/files/<n>).
 */
export async function reclaimStateDir(ctx: OwnerContext, stateDir: string): Promise<void> {
  if (ctx.uid !== 0 || !insideHome(ctx, stateDir)) return;
  const home = await homeOwner(ctx);
  if (!home || home.uid === 0) return;
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const name of await ctx.fs.readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const stat = await ctx.fs.lstat(path).catch(() => null);
      if (!stat) continue;
      if (stat.uid === 0) await giveTo(ctx, path, home);
      if (stat.isDirectory() && depth < 3) await walk(path, depth + 1);
    }
  };
  await walk(stateDir, 0);
}

/** A folder on a kernel pseudo file system: code "pseudo-fs" (worded by osReason). */
function onPseudoFs(path: string): Error {
  return Object.assign(new Error(`pseudo-fs: ${path}`), { code: "pseudo-fs", path });
}

/** HOME names a folder that does not exist. */
function homeMissing(home: string): CliError {
  return new CliError({ code: "home.missing", message: "error.homeMissing", params: { home }, hint: "hint.homeMissing" });
}

/**
 * Creates the missing folders of path, owner-only (mode), one by one, each given the owner it
 * must have. Never creates the home itself (a HOME that does not exist is a mistake, not a
 * place to build a tree) and never anything on a kernel pseudo file system (/proc, /sys, /dev),
 * where a recursive mkdir would spin.
 */
export async function makeDirs(ctx: OwnerContext, path: string, mode: number): Promise<void> {
  const missing: string[] = [];
  let dir = path;
  for (;;) {
    try {
      const stat = await ctx.fs.stat(dir);
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${dir}`), { code: "ENOTDIR", path: dir });
      break;
    } catch (error) {
      if (errnoOf(error) !== "ENOENT") throw error;
      const parent = dirname(dir);
      if (parent === dir || missing.length >= MAX_NEW_DIRS) throw error;
      missing.push(dir);
      dir = parent;
    }
  }
  if (ctx.uid === 0) await reclaimDirs(ctx, dir);
  if (missing.length === 0) return;
  const real = await ctx.fs.realpath(dir).catch(() => dir);
  if (pseudoFs(real) || pseudoFs(dir)) throw onPseudoFs(path);
  // The home (or a folder above it) is among the missing: HOME names a place that does not exist.
  if (missing.some((m) => insideHome({ home: m }, ctx.home))) throw homeMissing(ctx.home);
  for (const next of missing.reverse()) {
    try {
      await ctx.fs.mkdir(next, { mode });
    } catch (error) {
      if (errnoOf(error) !== "EEXIST") throw error;
      continue; // Made meanwhile by another run: its owner is not ours to change.
    }
    await giveTo(ctx, next, await ownerFor(ctx, next, null));
  }
}
