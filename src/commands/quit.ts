// `quit` and `restart` (docs/commands.md#quit-and-restart): fully quit Claude Desktop, and for restart start it again
// detached and confirm what it said. Exit 4 when the app is not installed, 6 when it would not quit.
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../render/report.js";
import { lifecycleLines, quitApp, relaunchAndConfirm, type ConfirmResult, type LifecycleOutcome } from "../lifecycle/actions.js";
import { platformModule } from "../platform/index.js";
import { style } from "../render/style.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import type { Command } from "commander";
import type { OptionKit } from "./option-groups.js";

/** quit's and restart's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, { t }: OptionKit): Command {
  return command.option("--timeout <s>", t("help.timeout")).option("--force", t("help.force"));
}

export const LifecycleOptionsSchema = z.object({
  timeout: z.optional(z.string()),
  force: z._default(z.boolean(), false),
});
export type LifecycleOptions = z.input<typeof LifecycleOptionsSchema>;

export interface LifecycleCommandResult {
  command: "quit" | "restart";
  platform: string;
  app: { path: string; version: string | null; kind: string } | null;
  wasRunning: boolean | null;
  pids: number[];
  quit: boolean;
  forced: boolean;
  launched: boolean;
  launchSkipped: LifecycleOutcome["launchSkipped"];
  startCommand: string | null;
  confirm: ConfirmResult | null;
  warnings: Warning[];
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 30;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usageError("error.lifecycleTimeoutInvalid", { value }, "hint.help");
  return n;
}

export async function runLifecycle(
  ctx: Context,
  raw: LifecycleOptions,
  command: "quit" | "restart",
): Promise<Outcome<LifecycleCommandResult>> {
  const options = parseOptions(LifecycleOptionsSchema, raw);
  const timeout = parseTimeout(options.timeout);
  const report = new Report(ctx);
  const apps = await platformModule(ctx.platform).findApps(ctx);
  const app = apps[0];
  if (!app)
    throw new CliError({
      code: "app.not-found",
      exitCode: ExitCode.appNotFound,
      message: "error.lifecycleAppNotFound",
      hint: "hint.lifecycleAppNotFound",
    });
  const quit = await quitApp(ctx, { timeoutSeconds: timeout, force: options.force, report, apps });
  const shown = quit.app ?? app;
  const result: LifecycleCommandResult = {
    command,
    platform: ctx.platform,
    app: { path: shown.path, version: shown.version, kind: shown.kind },
    wasRunning: quit.wasRunning,
    pids: quit.pids,
    quit: quit.quit,
    forced: quit.forced,
    launched: false,
    launchSkipped: null,
    startCommand: null,
    confirm: null,
    warnings: report.warnings,
  };
  if (command === "restart") {
    const { lifecycle } = await relaunchAndConfirm(ctx, report, quit.app ?? app);
    Object.assign(result, lifecycle);
  }
  return { exitCode: ExitCode.ok, result };
}

export function run(ctx: Context, options: LifecycleOptions): Promise<Outcome<LifecycleCommandResult>> {
  return runLifecycle(ctx, options, "quit");
}

export function render(ctx: Context, outcome: Outcome<LifecycleCommandResult>): void {
  const r = outcome.result;
  const s = style(ctx);
  const lines: string[] = [];
  if (r.wasRunning === false) lines.push(ctx.ui.t("lifecycle.notRunning"));
  const body = lifecycleLines(ctx, {
    mode: r.command === "restart" ? "restart" : "none",
    wasRunning: r.wasRunning,
    quit: r.quit,
    forced: r.forced,
    launched: r.launched,
    launchSkipped: r.launchSkipped,
    startCommand: r.startCommand,
    confirm: r.confirm,
  });
  lines.push(...body);
  if (lines.length > 0) ctx.streams.stdout.write(`${lines.map((l, i) => (i === 0 ? `${s.symbols.ok} ${l}` : l)).join("\n")}\n`);
}
