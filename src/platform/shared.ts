import { join } from "node:path";
import type { Context } from "../core/context.js";
import type { DataDir, RootConfigFile } from "./types.js";

export const CLAUDE_3P_DIR_NAME = "Claude-3p";
export const CLAUDE_1P_DIR_NAME = "Claude";
export const ROOT_CONFIG_FILE = "claude_desktop_config.json";
export const TOOL_DIR_NAME = "claude-desktop-openrouter";

/** --config-dir / CLAUDE_USER_DATA_DIR win over discovery and are used as they are (no "-3p"). */
export function overrideDataDir(ctx: Context): DataDir | undefined {
  const dir = ctx.settings.configDir;
  return dir ? { path: dir, kind: "override" } : undefined;
}

/**
 * With an override the app sets Electron userData to the same directory, so the 1P and 3P
 * root config are one file there.
 */
export function overrideRootConfigs(dir: DataDir): RootConfigFile[] {
  return [{ path: join(dir.path, ROOT_CONFIG_FILE), role: "3p", createIfMissing: true }];
}

/** POSIX shells: single quotes, a single quote inside written as '\''. */
export function posixShellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A session reached over SSH: a browser opened here would not be in front of the person typing. */
export function inSshSession(ctx: Pick<Context, "env">): boolean {
  return Boolean(ctx.env.SSH_CONNECTION || ctx.env.SSH_TTY || ctx.env.SSH_CLIENT);
}
