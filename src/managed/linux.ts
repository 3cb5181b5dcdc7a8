// Linux: /etc/claude-desktop/managed-settings.json (docs/claude-desktop.md#linux-managed-file). The app
// honours it only as a regular, root-owned file that is not group- or world-writable, in a root-owned
// directory that is not group- or world-writable; otherwise local settings are disabled too.
import { dirname } from "node:path";
import type { Context } from "../core/context.js";
import { systemPath } from "../core/paths.js";
import type { ManagedReason, ManagedSource } from "./types.js";
import { READ_LIMITS, readRegularFile } from "../core/safe-read.js";

export const LINUX_MANAGED_FILE = "/etc/claude-desktop/managed-settings.json";

/**
 * The uid that counts as root. On a real system 0; under the fake system root of the test seam,
 * the owner of that root directory, so a test machine can be laid out without being root (a test
 * running as root still simulates a foreign owner with chown).
 */
async function rootUid(ctx: Context): Promise<number> {
  if (!ctx.root) return 0;
  try {
    return (await ctx.fs.stat(ctx.root)).uid;
  } catch {
    return 0;
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export async function detectLinux(ctx: Context): Promise<ManagedSource[]> {
  const path = systemPath(ctx, LINUX_MANAGED_FILE);
  let fileStat: Awaited<ReturnType<typeof ctx.fs.lstat>>;
  try {
    fileStat = await ctx.fs.lstat(path);
  } catch (error) {
    if (errno(error) === "ENOENT" || errno(error) === "ENOTDIR") return [];
    return [{ kind: "linux-managed-json", location: path, status: "unreadable", keys: [], reason: "cannot-read" }];
  }
  const uid = await rootUid(ctx);
  const unreadable = (reason: ManagedReason): ManagedSource[] => [
    { kind: "linux-managed-json", location: path, status: "unreadable", keys: [], reason },
  ];
  if (fileStat.isSymbolicLink()) return unreadable("symlink");
  if (!fileStat.isFile()) return unreadable("not-a-file");
  if (fileStat.uid !== uid) return unreadable("owner");
  if ((fileStat.mode & 0o022) !== 0) return unreadable("mode");
  try {
    const dirStat = await ctx.fs.lstat(dirname(path));
    if (dirStat.isSymbolicLink() || !dirStat.isDirectory()) return unreadable("dir-symlink");
    if (dirStat.uid !== uid) return unreadable("dir-owner");
    if ((dirStat.mode & 0o022) !== 0) return unreadable("dir-mode");
  } catch {
    return unreadable("cannot-read");
  }
  let text: string;
  try {
    text = (await readRegularFile(ctx, path, { limit: READ_LIMITS.config, noFollow: true })).toString("utf8");
  } catch {
    return unreadable("cannot-read");
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    if (!value || typeof value !== "object" || Array.isArray(value)) return unreadable("not-parsable");
    return [{ kind: "linux-managed-json", location: path, status: "ok", keys: Object.keys(value) }];
  } catch {
    return unreadable("not-parsable");
  }
}
