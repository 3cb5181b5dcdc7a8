// The restart around a write (setup, revert): decide, quit, write, relaunch and confirm; and the
// summary lines of what happened.
import type { Context } from "../core/context.js";
import type { AppInstall } from "../platform/types.js";
import type { Report } from "../render/report.js";
import { type ConfirmResult, relaunchAndConfirm } from "./launch.js";
import { lifecycleModule, probeRunningApp, quitSeconds } from "./probe.js";
import { quitApp } from "./quit.js";

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
