// `doctor`: every check of docs/commands.md#checks, with a concrete fix for each warning and error;
// `--fix` applies the safe local ones through the write transaction and checks again.
import type { Context } from "../core/context.js";
import { CliError, isCliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { readSeams } from "../core/seams.js";
import { CHECK_IDS } from "../doctor/catalogue.js";
import { DEFAULT_TIMEOUT_MS, runChecks } from "../doctor/run.js";
import type { CheckOutcome } from "../doctor/types.js";
import type { LifecycleOutcome } from "../lifecycle/actions.js";
import { displayWidth, outputWidth, style, wrapText } from "../render/style.js";
import type { Outcome } from "./types.js";
import type { Warning } from "../render/report.js";
import type { Command } from "commander";
import { type OptionKit, repeatable, restartOptions } from "./option-groups.js";

/** doctor's options in commander's tree (test/unit/options-match.test.ts: DOCTOR_OPTION_KEYS). */
export function options(command: Command, kit: OptionKit): Command {
  const { t } = kit;
  return restartOptions(
    kit,
    command
      .option("--offline", t("help.doctorOffline"))
      .option("--live", t("help.doctorLive"))
      .option("--fix", t("help.doctorFix"))
      .option("--dry-run", t("help.dryRun"))
      .option("--diff", t("help.diff"))
      .option("--check <id>", t("help.doctorCheck"), repeatable),
  );
}

export interface DoctorOptions {
  offline?: boolean;
  live?: boolean;
  fix?: boolean;
  check?: string[];
  dryRun?: boolean;
  diff?: boolean;
  restart?: boolean;
  forceQuit?: boolean;
}

/**
 * The options doctor takes, as keys (doctor checks them by hand, so that `doctor --offline` does
 * not load zod): the list test/unit/options-match.test.ts compares with commander's tree.
 */
export const DOCTOR_OPTION_KEYS = {
  offline: true,
  live: true,
  fix: true,
  check: true,
  dryRun: true,
  diff: true,
  restart: true,
  forceQuit: true,
} as const satisfies Record<keyof DoctorOptions, true>;

export interface DoctorResult {
  summary: { ok: number; warn: number; error: number; skip: number };
  checks: CheckOutcome[];
  /** Only with --fix: what was fixed (with --dry-run: would be), and the backup set. */
  fixes?: { id: string; description: string }[];
  backup?: string | null;
  dryRun?: boolean;
  /** With --fix: the files written (with --dry-run: that would be). */
  files?: { path: string; kind: string; action: string; diff?: string }[];
  restart?: LifecycleOutcome;
  warnings?: Warning[];
}

/** The per-request deadline (a test seam shortens it). */
function timeoutFrom(ctx: Context): number {
  return readSeams(ctx.env).doctorTimeoutMs ?? DEFAULT_TIMEOUT_MS;
}

export async function run(ctx: Context, options: DoctorOptions): Promise<Outcome<DoctorResult>> {
  const only = options.check ?? [];
  const unknown = only.filter((id) => !CHECK_IDS.includes(id));
  if (unknown.length > 0)
    throw usageError("error.doctorUnknownCheck", { ids: unknown.join(", "), known: CHECK_IDS.join(", ") }, "hint.help");
  if (options.offline && options.live) throw usageError("error.doctorOfflineLive", {}, "hint.help");
  // A data directory that cannot be one (a root, a file) is a usage error before any check runs.
  // The checks go on from these targets, and the files are read once for the run: the checks and
  // a dry run's plan share the reads (a plan under the lock reads afresh).
  const [{ JsonReads }, { resolveTargets }] = await Promise.all([import("../config/json-reads.js"), import("../config/targets.js")]);
  const reads = new JsonReads(ctx);
  const resolved = await resolveTargets(ctx, reads);
  if ((options.dryRun || options.restart !== undefined || options.forceQuit) && !options.fix)
    throw usageError("error.doctorFixOnly", {}, "hint.help");
  const runOptions = { offline: Boolean(options.offline), live: Boolean(options.live), timeoutMs: timeoutFrom(ctx), only };
  try {
    if (runOptions.live && !ctx.ui.json) ctx.streams.stderr.write(`${style(ctx).symbols.info} ${ctx.ui.t("doctor.live.notice")}\n`);
    const first = await runChecks(ctx, { ...runOptions, targets: resolved, reads });
    if (!options.fix)
      return { exitCode: first.ok ? ExitCode.ok : ExitCode.failed, result: { summary: first.summary, checks: first.checks } };

    // Fixing writes: its flow comes with the commands that write (a check alone needs none of it).
    const { runDoctorFix } = await import("./doctor-fix.js");
    // Checked again from the files as they are then (the targets too, no shared reads): what --fix wrote.
    return await runDoctorFix(ctx, { options, reads, first, checkAgain: () => runChecks(ctx, runOptions) });
  } catch (error) {
    if (isCliError(error)) throw error;
    throw new CliError({
      code: "doctor.failed",
      exitCode: ExitCode.usage,
      message: "error.doctorFailed",
      params: { detail: error instanceof Error ? error.message : String(error) },
      hint: "hint.internal",
    });
  }
}

export function render(ctx: Context, outcome: Outcome<DoctorResult>): void {
  const s = style(ctx);
  const t = ctx.ui.t;
  const r = outcome.result;
  const width = Math.max(...r.checks.map((c) => displayWidth(c.id)));
  const symbol = { ok: s.symbols.ok, warn: s.symbols.warn, error: s.symbols.error, skip: s.symbols.skip };
  const lines: string[] = [];
  // Details and fixes wrap to the terminal under their own column, not back to column 0.
  const columns = outputWidth(ctx);
  const under = " ".repeat(2 + width + 2);
  for (const c of r.checks) {
    const detail = c.status === "skip" ? s.dim(c.detail) : c.detail;
    lines.push(wrapText(detail, columns, { first: `${symbol[c.status]} ${c.id}${" ".repeat(width - displayWidth(c.id))}  `, rest: under }));
    if (c.fix) lines.push(wrapText(c.fix, columns, { first: `${under}${s.dim("→")} `, rest: `${under}  ` }));
  }
  const sum = r.summary;
  const text = t("doctor.summary", { ok: sum.ok, warn: sum.warn, error: sum.error, skip: sum.skip });
  lines.push("", sum.error > 0 ? s.error(text) : sum.warn > 0 ? s.warn(text) : s.ok(text));
  ctx.streams.stdout.write(`${lines.join("\n")}\n`);
}
