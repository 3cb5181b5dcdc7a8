// Quitting Claude Desktop: a graceful request, a wait, and a kill of the app's own processes only
// with --force or the user's consent.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { AppInstall } from "../platform/types.js";
import type { Report } from "../render/report.js";
import { DEFAULT_QUIT_SECONDS, lifecycleModule, pollUntil, probeRunningApp } from "./probe.js";

/** After a TERM escalation, how long before KILL. */
const KILL_GRACE_MS = 3_000;

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
