// Starting Claude Desktop and confirming, from its main.log, that it came up in gateway mode with
// what was written.
import type { Context } from "../core/context.js";
import type { AppInstall } from "../platform/types.js";
import type { Report } from "../render/report.js";
import { classifyLog, newestMainLog, readLogFrom, type LogSummary } from "./log.js";
import { confirmSeconds, lifecycleModule, pollUntil, probeRunningApp } from "./probe.js";
import type { LifecycleOutcome } from "./restart.js";
import type { LaunchResult } from "./types.js";

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
