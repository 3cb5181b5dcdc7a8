import { join, isAbsolute } from "node:path";
import type { Context } from "./context.js";

/**
 * Maps an absolute system path (POSIX "/Applications/…" or Windows "C:\Program Files\…") under the
 * fake system root of CLAUDE_DESKTOP_OPENROUTER_ROOT. Without a root, POSIX paths are returned as
 * they are; Windows paths are only meaningful on Windows.
 */
export function systemPath(ctx: Pick<Context, "root">, path: string): string {
  if (!ctx.root) return path;
  const withoutDrive = path.replace(/^[A-Za-z]:/, "");
  const parts = withoutDrive.split(/[\\/]+/).filter(Boolean);
  return join(ctx.root, ...parts);
}

export async function exists(ctx: Pick<Context, "fs">, path: string): Promise<boolean> {
  try {
    await ctx.fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function isDirectory(ctx: Pick<Context, "fs">, path: string): Promise<boolean> {
  try {
    return (await ctx.fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function listDir(ctx: Pick<Context, "fs">, path: string): Promise<string[]> {
  try {
    return (await ctx.fs.readdir(path)).sort();
  } catch {
    return [];
  }
}

/** A user-directory variable from the environment, if it holds an absolute path. */
export function envDir(ctx: Pick<Context, "env">, name: string): string | undefined {
  const value = ctx.env[name];
  return value && isAbsolute(value) ? value : undefined;
}
