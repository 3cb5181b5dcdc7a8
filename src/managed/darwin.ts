// macOS: the per-user and per-machine managed plists (docs/claude-desktop.md#macos-managed-preferences), read through
// plutil (binary or XML) by absolute path under the system root.
import { basename } from "node:path";
import type { Context } from "../core/context.js";
import { systemPath } from "../core/paths.js";
import type { ManagedSource, ManagedSourceKind } from "./types.js";

export const MANAGED_PREFS_DIR = "/Library/Managed Preferences";
export const PREFS_DOMAIN = "com.anthropic.claudefordesktop";
const PLUTIL_TIMEOUT_MS = 3000;

function userName(ctx: Context): string {
  return ctx.env.USER || ctx.env.LOGNAME || basename(ctx.home);
}

/** The two plists, per-user first (it wins per key). */
export function plistLocations(ctx: Context): { kind: ManagedSourceKind; path: string }[] {
  return [
    { kind: "macos-user-plist", path: systemPath(ctx, `${MANAGED_PREFS_DIR}/${userName(ctx)}/${PREFS_DOMAIN}.plist`) },
    { kind: "macos-machine-plist", path: systemPath(ctx, `${MANAGED_PREFS_DIR}/${PREFS_DOMAIN}.plist`) },
  ];
}

async function present(ctx: Context, path: string): Promise<boolean> {
  try {
    await ctx.fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Top-level key names of a plist, via `plutil -convert json`, else `-convert xml1` (dates and data do not convert to JSON). */
async function plistKeys(
  ctx: Context,
  path: string,
): Promise<{ keys: string[] } | { status: "could-not-check" | "unreadable"; reason: ManagedSource["reason"] }> {
  const plutil = systemPath(ctx, "/usr/bin/plutil");
  const json = await ctx.proc.run(plutil, ["-convert", "json", "-o", "-", path], { timeoutMs: PLUTIL_TIMEOUT_MS });
  if (json.notFound) return { status: "could-not-check", reason: "tool-missing" };
  if (json.exitCode === 0) {
    try {
      const value: unknown = JSON.parse(json.stdout);
      if (value && typeof value === "object" && !Array.isArray(value)) return { keys: Object.keys(value) };
    } catch {
      // fall through to the XML form
    }
  }
  const xml = await ctx.proc.run(plutil, ["-convert", "xml1", "-o", "-", path], { timeoutMs: PLUTIL_TIMEOUT_MS });
  if (xml.exitCode !== 0) return { status: "unreadable", reason: "not-parsable" };
  try {
    const { parse } = await import("plist");
    const value = parse(xml.stdout);
    if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) {
      return { keys: Object.keys(value) };
    }
  } catch {
    // not a plist the app could read either
  }
  return { status: "unreadable", reason: "not-parsable" };
}

export async function detectDarwin(ctx: Context): Promise<ManagedSource[]> {
  const sources: ManagedSource[] = [];
  for (const { kind, path } of plistLocations(ctx)) {
    if (!(await present(ctx, path))) continue;
    const read = await plistKeys(ctx, path);
    if ("keys" in read) sources.push({ kind, location: path, status: "ok", keys: read.keys });
    else sources.push({ kind, location: path, status: read.status, keys: [], ...(read.reason ? { reason: read.reason } : {}) });
  }
  return sources;
}
