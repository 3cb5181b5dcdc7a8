// `doctor --fix`: the safe local fixes the checks proposed, through the same write flow as setup and
// revert (lock, plan, confirmation, backup, rollback, restart), then the checks again. Loaded only
// when --fix is given: it comes with the commands that write.
import type { JsonReads } from "../config/json-reads.js";
import type { Context } from "../core/context.js";
import { ExitCode } from "../core/exit-codes.js";
import { describeFixes, planDoctorFix } from "../doctor/fix.js";
import type { DoctorRun } from "../doctor/run.js";
import { plural } from "../i18n/phrase.js";
import { plainDiff } from "../render/diff.js";
import { Report } from "../render/report.js";
import { style } from "../render/style.js";
import type { DoctorOptions, DoctorResult } from "./doctor.js";
import type { Outcome } from "./types.js";

export interface DoctorFixInput {
  options: DoctorOptions;
  /** The checks again, from the files as they are then (the checks stay in doctor's own file). */
  checkAgain: () => Promise<DoctorRun>;
  /** The reads the checks made: a dry run plans from them. */
  reads: JsonReads;
  /** The checks as they ran before any fix. */
  first: DoctorRun;
}

export async function runDoctorFix(ctx: Context, { options, checkAgain, reads, first }: DoctorFixInput): Promise<Outcome<DoctorResult>> {
  const entryPath = (await first.shared.applied())?.path ?? null;
  const fixes = describeFixes(ctx, first.repairs, entryPath);
  if (fixes.length === 0) {
    if (!ctx.ui.json) ctx.streams.stderr.write(`${ctx.ui.t("doctor.fix.nothing")}\n`);
    return {
      exitCode: first.ok ? ExitCode.ok : ExitCode.failed,
      result: { summary: first.summary, checks: first.checks, fixes: [], backup: null },
    };
  }
  if (!ctx.ui.json) {
    const s = style(ctx);
    ctx.streams.stdout.write(`${s.bold(ctx.ui.t("doctor.fix.plan"))}\n${fixes.map((f) => `  • ${f.description}`).join("\n")}\n\n`);
  }
  // The same flow as setup and revert: lock, plan shown, confirmation, backup, rollback, app restart.
  const { runWriteFlow } = await import("./write-flow.js");
  const targets = await first.shared.targets();
  const report = new Report(ctx);
  const flow = await runWriteFlow(ctx, {
    command: "doctor-fix",
    targets,
    report,
    apps: () => first.shared.apps(),
    plan: () =>
      planDoctorFix(
        ctx,
        targets,
        fixes.map((f) => f.action),
        // A dry run plans from the files as the checks read them. A write plans under the lock,
        // from the files as they are then: another run may have written them since.
        options.dryRun ? reads : undefined,
      ),
    dryRun: Boolean(options.dryRun),
    diff: Boolean(options.diff),
    restart: { restart: options.restart, forceQuit: options.forceQuit },
    question: "doctor.fix.confirm",
  });
  const backupPath = flow.commit?.backupPath ?? null;
  const fixResult = {
    fixes: fixes.map((f) => ({ id: f.id, description: f.description })),
    backup: backupPath,
    dryRun: Boolean(options.dryRun),
    files: flow.changes.map((c) => ({
      path: c.path,
      kind: c.kind,
      action: c.action,
      ...(options.dryRun ? { diff: plainDiff(ctx, c) } : {}),
    })),
    ...(flow.lifecycle ? { restart: flow.lifecycle } : {}),
    warnings: report.warnings,
  };
  if (flow.changes.length === 0) {
    // Everything the checks proposed was already so, or concerned files --fix does not write.
    if (!ctx.ui.json) ctx.streams.stderr.write(`${ctx.ui.t("doctor.fix.nothing")}\n`);
    return { exitCode: first.ok ? ExitCode.ok : ExitCode.failed, result: { summary: first.summary, checks: first.checks, ...fixResult } };
  }
  if (options.dryRun) {
    if (!ctx.ui.json) ctx.streams.stdout.write(`${ctx.ui.t("plan.applyHint")}\n\n`);
    return { exitCode: first.ok ? ExitCode.ok : ExitCode.failed, result: { summary: first.summary, checks: first.checks, ...fixResult } };
  }
  if (!ctx.ui.json) ctx.streams.stdout.write(`${ctx.ui.t(plural("doctor.fix.done", fixes.length, { backup: backupPath ?? "-" }))}\n\n`);
  const again = await checkAgain();
  return {
    exitCode: again.ok ? ExitCode.ok : ExitCode.failed,
    result: { summary: again.summary, checks: again.checks, ...fixResult },
  };
}
