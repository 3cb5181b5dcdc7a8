// One interface, one module per OS: how Claude Desktop's processes are found, asked to quit,
// stopped and started (docs/claude-desktop.md#the-app-on-each-os). Nothing here matches a process by bare name.
import type { Context } from "../core/context.js";
import type { AppInstall } from "../platform/types.js";

export const BUNDLE_ID = "com.anthropic.claudefordesktop";

/** One process that belongs to an install: the main process, or a helper of the app itself. */
export interface AppProcess {
  pid: number;
  /** The executable path as the OS reports it. */
  executable: string;
  /** The main (browser) process: the app's own executable and no Electron `--type=`. */
  main: boolean;
  app: AppInstall;
}

export type ScanResult =
  | { checked: true; processes: AppProcess[] }
  /** The system tool that lists processes is missing or failed: we cannot tell. */
  | { checked: false; tool: string; detail: string };

export interface QuitRequest {
  ok: boolean;
  /** What went wrong when asking (the tool's error), for a warning. */
  detail?: string;
}

export interface LaunchResult {
  launched: boolean;
  /** Why nothing was started: no graphical session (Linux), or no install. */
  skipped?: "no-display" | "no-app";
  /** The PID of what was started directly (not the app itself for `open`/explorer). */
  pid?: number;
  /** What was run, for the report and as the manual instruction. */
  command: string;
  error?: string;
}

/** How hard an escalation step stops a process: a request it may catch, or an end it cannot. */
export type KillLevel = "terminate" | "kill";

export interface LifecycleModule {
  /**
   * Every process of these installs (main and helpers), identified by executable path, that
   * belongs to the user whose configuration is being changed: never another user's.
   */
  scan(ctx: Context, apps: AppInstall[]): Promise<ScanResult>;
  /** The graceful quit: macOS Apple event by bundle id, Windows CloseMainWindow, Linux SIGTERM. */
  requestQuit(ctx: Context, main: AppProcess[]): Promise<QuitRequest>;
  /**
   * The escalation steps after a graceful quit timed out, in order (only with --force/--force-quit
   * or consent). Windows has no termination request besides closing the window: only "kill".
   */
  escalation: readonly KillLevel[];
  /** One escalation step: stops exactly these PIDs at this level. */
  kill(ctx: Context, processes: AppProcess[], level: KillLevel): Promise<QuitRequest>;
  /** When the process started, as the OS reports it; null when it cannot tell. */
  startedAt(ctx: Context, pid: number): Promise<Date | null>;
  /** Starts the app detached from the terminal, with a minimal environment. */
  launch(ctx: Context, app: AppInstall): Promise<LaunchResult>;
  /** The command a person would run to start the app, for "start it yourself" messages. */
  startCommand(ctx: Context, app: AppInstall): string;
}

/**
 * The user whose configuration is being changed, on POSIX: the owner of the home directory the
 * tool works in (under sudo with HOME kept, the invoking user; with HOME=/root, root), else
 * SUDO_UID. Null when neither is known: then no process can be attributed, and none is touched.
 */
export async function configOwnerUid(ctx: Context): Promise<number | null> {
  try {
    return (await ctx.fs.stat(ctx.home)).uid;
  } catch {
    const sudo = Number(ctx.env.SUDO_UID);
    return ctx.env.SUDO_UID && Number.isInteger(sudo) && sudo >= 0 ? sudo : null;
  }
}

/**
 * Variables the started app may need besides the minimal child environment (never a secret):
 * the data directory of --config-dir or CLAUDE_USER_DATA_DIR, so the app reads what was written.
 */
export function appEnv(ctx: Context): Record<string, string> {
  const dir = ctx.settings.configDir;
  return dir ? { CLAUDE_USER_DATA_DIR: dir } : {};
}

export function failureDetail(result: { stderr: string; stdout: string; exitCode: number; notFound?: boolean }, tool: string): string {
  if (result.notFound) return `${tool}: not found`;
  const text = (result.stderr || result.stdout).trim().split(/\r?\n/)[0] ?? "";
  return `${tool}: ${text || `exit ${result.exitCode}`}`;
}
