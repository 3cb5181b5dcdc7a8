// Quit → write → relaunch → confirm (docs/claude-desktop.md#quit-write-relaunch), the same on every OS through one
// LifecycleModule per platform. Public entry points (doctor uses the first two):
//   probeRunningApp(ctx, apps?) the running main process of Claude Desktop, or none, saying
//                               when it could not be checked (tool missing)
//   readAppLog(ctx, targets?)   the newest 3P main.log, classified (./log.ts)
//   quitApp / launchApp / confirmLaunch, and restartAround() for setup and revert.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import { readSeams } from "../core/seams.js";
import { platformModule } from "../platform/index.js";
import type { AppInstall } from "../platform/types.js";
import { darwin } from "./darwin.js";
import { classifyLog, newestMainLog, readLogFrom, type LogSummary } from "./log.js";
import { linux } from "./linux.js";
import type { AppProcess, LaunchResult, LifecycleModule } from "./types.js";
import { win32 } from "./win32.js";

export { classifyLog, readAppLog, type AppLogReport, type LogSummary, type LogStatus } from "./log.js";
export type { AppProcess, LaunchResult } from "./types.js";

const modules = { darwin, win32, linux } satisfies Record<Context["platform"], LifecycleModule>;

export function lifecycleModule(ctx: Context): LifecycleModule {
  return modules[ctx.platform];
}

const POLL_MS = 250;
export const DEFAULT_QUIT_SECONDS = 30;
export const DEFAULT_CONFIRM_SECONDS = 20;
/** After a TERM escalation, how long before KILL. */
const KILL_GRACE_MS = 3_000;

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

async function pollUntil(ctx: Context, deadline: number, done: () => Promise<boolean>): Promise<boolean> {
  for (;;) {
    if (await done()) return true;
    if (ctx.clock.now().getTime() >= deadline) return false;
    await ctx.clock.sleep(POLL_MS);
  }
}

export interface QuitOptions {
  timeoutSeconds?: number;
  /** Kill after the timeout without asking (--force / --force-quit). */
  force?: boolean;
  report: Report;
  apps?: AppInstall[];
  /** Inside setup/revert: the timeout error says that nothing was written. */
  beforeWrite?: boolean;
}

export interface QuitResult {
  /** null when it could not be checked. */
  wasRunning: boolean | null;
  quit: boolean;
  forced: boolean;
  pids: number[];
  app: AppInstall | null;
  waitedMs: number;
}

async function askConsent(ctx: Context, seconds: number): Promise<boolean> {
  if (!ctx.ui.interactive) return false;
  const { askYesNo } = await import("../wizard/prompts.js");
  return askYesNo(ctx, ctx.ui.t("prompt.lifecycleForceQuit", { seconds }), false);
}

/** Exit 6: the app is still running. Before a write the hint names setup's --force-quit. */
function quitTimeout(ctx: Context, seconds: number, beforeWrite: boolean | undefined): CliError {
  return new CliError({
    code: "app.quit-timeout",
    exitCode: ExitCode.quitTimeout,
    message: beforeWrite ? "error.lifecycleQuitTimeoutNoWrite" : "error.lifecycleQuitTimeout",
    params: { seconds },
    hint: beforeWrite ? "hint.lifecycleQuitTimeoutNoWrite" : "hint.lifecycleQuitTimeout",
    hintParams: { how: ctx.ui.t(`lifecycle.how.quit.${ctx.platform}`) },
  });
}

/**
 * Fully quits Claude Desktop: graceful request, poll every 250 ms up to the timeout, then a kill
 * of the app's own PIDs only with `force` or the user's consent; otherwise a CliError with exit 6.
 */
export async function quitApp(ctx: Context, options: QuitOptions): Promise<QuitResult> {
  const { report } = options;
  const seconds = options.timeoutSeconds ?? DEFAULT_QUIT_SECONDS;
  const mod = lifecycleModule(ctx);
  const probe = await probeRunningApp(ctx, options.apps);
  if (!probe.checked) {
    report.warn("app.running-unknown", "warn.lifecycleCannotCheck", { detail: probe.detail ?? probe.tool ?? "" });
    return { wasRunning: null, quit: false, forced: false, pids: [], app: null, waitedMs: 0 };
  }
  if (!probe.running) return { wasRunning: false, quit: false, forced: false, pids: [], app: null, waitedMs: 0 };
  const running = probe.running;
  const started = ctx.clock.now().getTime();
  const mainProcs = running.processes.filter((p) => p.main);
  const gone = async () => {
    const p = await probeRunningApp(ctx, [running.app]);
    // While the list cannot be read, keep waiting: never assume it quit.
    return p.checked && p.running === null;
  };
  const quit = await report.step(
    "step.lifecycleQuit",
    async () => {
      const request = await mod.requestQuit(ctx, mainProcs);
      if (request.detail) report.verbose(request.detail);
      if (!request.ok) report.warn("app.quit-request-failed", "warn.lifecycleQuitRequestFailed", { detail: request.detail ?? "" });
      return pollUntil(ctx, started + seconds * 1000, gone);
    },
    { seconds },
  );
  if (quit)
    return {
      wasRunning: true,
      quit: true,
      forced: false,
      pids: running.pids,
      app: running.app,
      waitedMs: ctx.clock.now().getTime() - started,
    };

  if (!options.force && !(await askConsent(ctx, seconds))) {
    throw quitTimeout(ctx, seconds, options.beforeWrite);
  }
  // Escalate: only the processes that were verified as this install's, re-scanned now.
  const killed = await report.step("step.lifecycleKill", async () => {
    for (const level of mod.escalation) {
      const left = (await probeRunningApp(ctx, [running.app])).running?.processes ?? [];
      if (left.length === 0) return true;
      await mod.kill(ctx, left, level);
      if (await pollUntil(ctx, ctx.clock.now().getTime() + KILL_GRACE_MS, gone)) return true;
    }
    return false;
  });
  if (!killed) {
    throw quitTimeout(ctx, seconds, options.beforeWrite);
  }
  report.warn("app.force-quit", "warn.lifecycleForced", { seconds, pids: running.pids.join(", ") });
  return {
    wasRunning: true,
    quit: true,
    forced: true,
    pids: running.pids,
    app: running.app,
    waitedMs: ctx.clock.now().getTime() - started,
  };
}

/** Starts Claude Desktop detached, with a minimal environment (never the API key). */
export async function launchApp(ctx: Context, app: AppInstall): Promise<LaunchResult> {
  return lifecycleModule(ctx).launch(ctx, app);
}

/** "running": the app came up and nothing more was asked of it (after revert, gateway mode is not expected). */
export type ConfirmStatus = "active" | "invalid" | "managed" | "no-confirmation" | "not-started" | "running";

export interface ConfirmResult {
  status: ConfirmStatus;
  seconds: number;
  pids: number[];
  logPath: string | null;
  provider: string | null;
  apiHost: string | null;
  invalid: LogSummary["invalid"];
  ignoredKeys: string[];
  managedKeys: string[] | null;
  modelProblems: string[];
}

export interface LogMark {
  path: string | null;
  size: number;
}

/** Where main.log ends now, so that only what the next start writes is read. */
export async function markLog(ctx: Context): Promise<LogMark> {
  const log = await newestMainLog(ctx);
  return { path: log?.path ?? null, size: log?.size ?? 0 };
}

/**
 * After a launch: wait for the main process, then tail the newest 3P main.log (only what was
 * written since `mark`) until a decisive line or the deadline.
 */
export async function confirmLaunch(
  ctx: Context,
  app: AppInstall,
  mark: LogMark,
  seconds = confirmSeconds(ctx),
  gateway = true,
): Promise<ConfirmResult> {
  const deadline = ctx.clock.now().getTime() + seconds * 1000;
  let pids: number[] = [];
  let processChecked = true;
  const seen = await pollUntil(ctx, deadline, async () => {
    const probe = await probeRunningApp(ctx, [app]);
    if (!probe.checked) {
      processChecked = false;
      return true;
    }
    pids = probe.running?.pids ?? [];
    return pids.length > 0;
  });
  const base = { seconds, pids, provider: null, apiHost: null, invalid: null, ignoredKeys: [], managedKeys: null, modelProblems: [] };
  if (!seen && processChecked) return { ...base, status: "not-started", logPath: null };
  // Without gateway mode to wait for (after revert), the app running is all there is to confirm.
  if (!gateway) return { ...base, status: "running", logPath: null };
  let summary: LogSummary | null = null;
  let logPath: string | null = null;
  await pollUntil(ctx, deadline, async () => {
    const log = await newestMainLog(ctx);
    if (!log) return false;
    logPath = log.path;
    try {
      summary = classifyLog(await readLogFrom(ctx, log.path, log.path === mark.path ? mark.size : 0));
    } catch {
      return false;
    }
    return summary.status !== "unknown";
  });
  const s = summary as LogSummary | null;
  if (!s) return { ...base, status: "no-confirmation", logPath };
  return {
    seconds,
    pids,
    logPath,
    status: s.status === "unknown" ? "no-confirmation" : s.status,
    provider: s.provider,
    apiHost: s.apiHost,
    invalid: s.invalid,
    ignoredKeys: s.ignoredKeys,
    managedKeys: s.managedKeys,
    modelProblems: s.modelProblems,
  };
}

/** What happened to the app around a command, for --json and the summary. */
export interface LifecycleOutcome {
  /** "restart": quit (if running), write, start; "leave": not touched; "none": nothing to do. */
  mode: "restart" | "leave" | "none";
  wasRunning: boolean | null;
  quit: boolean;
  forced: boolean;
  launched: boolean;
  launchSkipped: "no-display" | "no-app" | null;
  /** What to run to start the app by hand (when it was not started for the user). */
  startCommand: string | null;
  confirm: ConfirmResult | null;
}

export interface RestartOptions {
  /** --restart (true), --no-restart (false), or neither (undefined). */
  restart?: boolean;
  /** --force-quit */
  forceQuit?: boolean;
  /** The base URL written, to compare with the apiHost the app reports. */
  expectedApiHost?: string;
  /** false (revert): wait only for the app to run, not for gateway mode in its log. */
  confirmGateway?: boolean;
}

async function askRestart(ctx: Context): Promise<boolean> {
  const { askYesNo } = await import("../wizard/prompts.js");
  return askYesNo(ctx, ctx.ui.t("prompt.lifecycleRestart"), true);
}

/**
 * The restart step of setup and revert: decide, quit before `write` (the app writes its settings
 * while shutting down), run `write(quitHappened)`, then relaunch and confirm. `write` should re-plan
 * when `quitHappened` is true, since the app may have changed the files while quitting.
 *
 * Default without a flag: restart only when the app was running (asking first in the wizard);
 * `--restart` also starts it when it was not running; `--no-restart` leaves it alone and the
 * summary prints the exact instruction.
 */
export async function restartAround<T>(
  ctx: Context,
  report: Report,
  apps: AppInstall[],
  options: RestartOptions,
  write: (quitHappened: boolean) => Promise<T>,
): Promise<{ value: T; lifecycle: LifecycleOutcome }> {
  const app = apps[0];
  const outcome: LifecycleOutcome = {
    mode: "none",
    wasRunning: null,
    quit: false,
    forced: false,
    launched: false,
    launchSkipped: null,
    startCommand: null,
    confirm: null,
  };
  if (!app) {
    if (options.restart) report.warn("app.restart-no-app", "warn.lifecycleNoApp");
    outcome.launchSkipped = options.restart ? "no-app" : null;
    return { value: await write(false), lifecycle: outcome };
  }
  const mod = lifecycleModule(ctx);
  outcome.startCommand = mod.startCommand(ctx, app);
  const probe = await probeRunningApp(ctx, apps);
  if (!probe.checked) report.warn("app.running-unknown", "warn.lifecycleCannotCheck", { detail: probe.detail ?? probe.tool ?? "" });
  outcome.wasRunning = probe.checked ? probe.running !== null : null;
  const running = probe.running;

  let restart = options.restart;
  if (restart === undefined) {
    if (!running) restart = false;
    else restart = ctx.ui.interactive ? await askRestart(ctx) : true;
  }
  if (!restart) {
    outcome.mode = running ? "leave" : "none";
    const value = await write(false);
    if (running)
      report.warn("app.restart-needed", "warn.lifecycleRestartNeeded", {
        how: ctx.ui.t(`lifecycle.how.quit.${ctx.platform}`),
        command: outcome.startCommand,
      });
    return { value, lifecycle: outcome };
  }
  outcome.mode = "restart";
  let quitHappened = false;
  if (running) {
    const quit = await quitApp(ctx, {
      timeoutSeconds: quitSeconds(ctx),
      force: options.forceQuit ?? false,
      report,
      apps: [running.app],
      beforeWrite: true,
    });
    quitHappened = quit.quit;
    outcome.quit = quit.quit;
    outcome.forced = quit.forced;
  }
  const value = await write(quitHappened);
  const target = running?.app ?? app;
  const { lifecycle } = await relaunchAndConfirm(ctx, report, target, options.expectedApiHost, options.confirmGateway ?? true);
  return { value, lifecycle: { ...outcome, ...lifecycle } };
}

/** Launch, then confirm; warnings for everything short of "active" with the expected apiHost. */
export async function relaunchAndConfirm(
  ctx: Context,
  report: Report,
  app: AppInstall,
  expectedApiHost?: string,
  gateway = true,
): Promise<{ lifecycle: Pick<LifecycleOutcome, "launched" | "launchSkipped" | "startCommand" | "confirm"> }> {
  // Only gateway mode is confirmed from main.log; a revert waits for the app to run, no log needed.
  const mark: LogMark = gateway ? await markLog(ctx) : { path: null, size: 0 };
  const launch = await report.step("step.lifecycleLaunch", () => launchApp(ctx, app));
  const base = { launched: launch.launched, launchSkipped: launch.skipped ?? null, startCommand: launch.command, confirm: null };
  if (!launch.launched) {
    if (launch.skipped === "no-display") report.warn("app.launch-no-display", "warn.lifecycleNoDisplay", { command: launch.command });
    else report.warn("app.launch-failed", "warn.lifecycleLaunchFailed", { detail: launch.error ?? "", command: launch.command });
    return { lifecycle: base };
  }
  const seconds = confirmSeconds(ctx);
  const confirm = await report.step("step.lifecycleConfirm", () => confirmLaunch(ctx, app, mark, seconds, gateway), { seconds });
  switch (confirm.status) {
    case "not-started":
      report.warn("app.not-started", "warn.lifecycleNotStarted", { seconds, command: launch.command });
      break;
    case "no-confirmation":
      report.warn("app.no-confirmation", "warn.lifecycleNoConfirmation", { seconds });
      break;
    case "invalid":
      report.warn("app.config-invalid", "warn.lifecycleInvalid", {
        field: confirm.invalid?.field || "?",
        message: confirm.invalid?.message ?? "",
      });
      break;
    case "managed":
      report.warn("app.managed", "warn.lifecycleManaged", { keys: (confirm.managedKeys ?? []).join(", ") || "?" });
      break;
    case "active":
      if (expectedApiHost && confirm.apiHost && confirm.apiHost.replace(/\/+$/, "") !== expectedApiHost) {
        report.warn("app.api-host-mismatch", "warn.lifecycleApiHost", { actual: confirm.apiHost, expected: expectedApiHost });
      }
      if (confirm.provider && confirm.provider !== "gateway")
        report.warn("app.provider", "warn.lifecycleProvider", { provider: confirm.provider });
      break;
  }
  for (const key of confirm.ignoredKeys) report.warn("app.key-ignored", "warn.lifecycleIgnored", { key });
  for (const detail of confirm.modelProblems) report.warn("app.models", "warn.lifecycleModels", { detail });
  return { lifecycle: { ...base, confirm } };
}

/** Summary lines for a lifecycle outcome (stdout, human output). */
export function lifecycleLines(ctx: Context, outcome: LifecycleOutcome | null | undefined): string[] {
  if (!outcome) return [];
  const t = ctx.ui.t;
  const lines: string[] = [];
  if (outcome.quit) lines.push(t(outcome.forced ? "lifecycle.forced" : "lifecycle.quit"));
  if (outcome.launched) lines.push(t("lifecycle.started"));
  const c = outcome.confirm;
  if (c?.status === "active") {
    lines.push(c.apiHost ? t("lifecycle.active", { apiHost: c.apiHost }) : t("lifecycle.activeNoHost"));
    lines.push(t("lifecycle.reportHint"));
  } else if (c && c.status !== "not-started" && c.status !== "running") {
    lines.push(t("lifecycle.reportHint"));
  }
  return lines;
}
