// The platform's lifecycle module, how long to wait, whether Claude Desktop is running, and the
// clock-driven poll every wait uses.
import type { Context } from "../core/context.js";
import { readSeams } from "../core/seams.js";
import { platformModule } from "../platform/index.js";
import type { AppInstall } from "../platform/types.js";
import { osRooms } from "../platform/os-rooms.js";
import type { AppProcess, LifecycleModule } from "./types.js";

/** The platform's lifecycle module (loaded with its system's set: platform/load-os.ts). */
export function lifecycleModule(ctx: Context): LifecycleModule {
  return osRooms(ctx.platform).lifecycle;
}

const POLL_MS = 250;
export const DEFAULT_QUIT_SECONDS = 30;
export const DEFAULT_CONFIRM_SECONDS = 20;

/** How long a launch waits for confirmation (a test seam shortens it). */
export function confirmSeconds(ctx: Context): number {
  return readSeams(ctx.env).confirmSeconds ?? DEFAULT_CONFIRM_SECONDS;
}
/** How long setup and revert wait for the app to quit (a test seam shortens it). */
export function quitSeconds(ctx: Context): number {
  return readSeams(ctx.env).quitSeconds ?? DEFAULT_QUIT_SECONDS;
}

/** The running app: its main process PIDs and executable, and the install they belong to. */
export interface RunningApp {
  pids: number[];
  executable: string;
  app: AppInstall;
  /** Every process of the install (main and helpers), for escalation. */
  processes: AppProcess[];
}

export interface Probe {
  /** False when the process list could not be read (the system tool is missing or failed). */
  checked: boolean;
  running: RunningApp | null;
  /** When not checked: the tool and what it said. */
  tool?: string;
  detail?: string;
}

/** Is Claude Desktop running? Never matches by bare name (docs/claude-desktop.md#telling-the-main-process-apart). */
export async function probeRunningApp(ctx: Context, apps?: AppInstall[]): Promise<Probe> {
  const installs = apps ?? (await platformModule(ctx.platform).findApps(ctx));
  if (installs.length === 0) return { checked: true, running: null };
  const scan = await lifecycleModule(ctx).scan(ctx, installs);
  if (!scan.checked) return { checked: false, running: null, tool: scan.tool, detail: scan.detail };
  const main = scan.processes.filter((p) => p.main);
  if (main.length === 0) return { checked: true, running: null };
  const app = main[0]!.app;
  return {
    checked: true,
    running: {
      pids: main.filter((p) => p.app === app).map((p) => p.pid),
      executable: main[0]!.executable,
      app,
      processes: scan.processes.filter((p) => p.app === app),
    },
  };
}

/** Polls `done` every 250 ms on the context's clock until it holds (true) or the deadline passes (false). */
export async function pollUntil(ctx: Context, deadline: number, done: () => Promise<boolean>): Promise<boolean> {
  for (;;) {
    if (await done()) return true;
    if (ctx.clock.now().getTime() >= deadline) return false;
    await ctx.clock.sleep(POLL_MS);
  }
}
