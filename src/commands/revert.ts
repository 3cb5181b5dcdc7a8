// `revert`: undo setup (the previously applied entry back, the tool's entry and row removed,
// deploymentMode restored), or restore a whole backup set (docs/commands.md#revert).
import { z } from "zod";
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../core/report.js";
import { resolveTargets, type ResolvedTargets } from "../core/targets.js";
import { guardManaged } from "../managed/guard.js";
import { commitChanges, listBackups, readBackupFiles, withLock } from "../core/transaction.js";
import { planRevert, type PlannedChange } from "../config/plan.js";
import { showPlan } from "../render/diff.js";
import { style, table } from "../render/style.js";
import type { Outcome } from "./types.js";
import { lifecycleLines, restartAround, type LifecycleOutcome } from "../lifecycle/index.js";
import { confirmOrCancel, parseOptions } from "./options.js";

export const RevertOptionsSchema = z.object({
  list: z.boolean().default(false),
  backup: z.string().trim().min(1).optional(),
  dryRun: z.boolean().default(false),
  restart: z.boolean().optional(),
  forceQuit: z.boolean().default(false),
  repair: z.boolean().default(false),
});
export type RevertOptions = z.input<typeof RevertOptionsSchema>;

export interface RevertResult {
  command: "revert";
  mode: "undo" | "backup" | "list";
  dryRun: boolean;
  changed: boolean;
  files: { path: string; kind: string; action: string }[];
  backup: { id: string; path: string } | null;
  restoredFrom: string | null;
  backups: { id: string; createdAt: string; command: string; files: string[] }[];
  /** What happened to the running app around the write (quit, relaunch, confirmation). */
  restart?: LifecycleOutcome;
  warnings: Warning[];
}

/** The changes that put every file of a backup set back to its recorded bytes. */
async function planBackupRestore(ctx: Context, targets: ResolvedTargets, id: string): Promise<PlannedChange[]> {
  const manifest = (await listBackups(ctx, targets.stateDir)).find((b) => b.id === id);
  if (!manifest) throw new CliError({ code: "backup.not-found", message: "error.backupNotFound", params: { id }, hint: "hint.backupList" });
  const changes: PlannedChange[] = [];
  for (const { file, bytes } of await readBackupFiles(ctx, targets.stateDir, manifest)) {
    let current: Buffer | null = null;
    try {
      current = await ctx.fs.readFile(file.path);
    } catch {
      current = null;
    }
    if (current === null ? bytes === null : bytes !== null && current.equals(bytes)) continue;
    changes.push({
      path: file.path,
      before: current,
      after: bytes,
      secret: true,
      mode: file.mode,
      kind: file.path.endsWith("state.json") ? "state" : "entry",
      action: bytes === null ? "delete" : current === null ? "create" : "update",
      repaired: false,
    });
  }
  return changes;
}

export async function run(ctx: Context, raw: RevertOptions): Promise<Outcome<RevertResult>> {
  const options = parseOptions(RevertOptionsSchema, raw);
  if (options.list && options.backup) throw usageError("error.listAndBackup");
  const report = new Report(ctx);
  const targets = await resolveTargets(ctx);
  const result: RevertResult = {
    command: "revert",
    mode: options.list ? "list" : options.backup ? "backup" : "undo",
    dryRun: options.dryRun,
    changed: false,
    files: [],
    backup: null,
    restoredFrom: options.backup ?? null,
    backups: [],
    warnings: report.warnings,
  };
  if (options.list) {
    const backups = await listBackups(ctx, targets.stateDir);
    result.backups = backups.map((b) => ({ id: b.id, createdAt: b.createdAt, command: b.command, files: b.files.map((f) => f.path) }));
    return { exitCode: ExitCode.ok, result };
  }
  await guardManaged(ctx, report);
  const plan = () => (options.backup ? planBackupRestore(ctx, targets, options.backup) : planRevert(ctx, targets, options.repair));
  const describe = (changes: PlannedChange[]) => changes.map((c) => ({ path: c.path, kind: c.kind, action: c.action }));
  if (options.dryRun) {
    const changes = await plan();
    showPlan(ctx, changes);
    return { exitCode: ExitCode.ok, result: { ...result, changed: changes.length > 0, files: describe(changes) } };
  }
  return withLock(ctx, targets.stateDir, async () => {
    const changes = await plan();
    if (changes.length === 0) return { exitCode: ExitCode.ok, result };
    showPlan(ctx, changes);
    await confirmOrCancel(ctx, "prompt.confirmRevert", "proceed");
    // Quit before writing (the app writes its settings while shutting down), re-plan, relaunch.
    let written = changes;
    const apps = await targets.platform.findApps(ctx);
    const { value: commit, lifecycle } = await restartAround(
      ctx,
      report,
      apps,
      { restart: options.restart, forceQuit: options.forceQuit },
      async (quit) => {
        // The app may have written while quitting: re-plan, and commit only what is still to do.
        written = quit ? await plan() : changes;
        return written.length > 0 ? commitChanges(ctx, targets.stateDir, "revert", written) : null;
      },
    );
    return {
      exitCode: ExitCode.ok,
      result: {
        ...result,
        changed: written.length > 0,
        files: describe(written),
        backup: commit ? { id: commit.backup.id, path: commit.backupPath } : null,
        restart: lifecycle,
      },
    };
  });
}

export function render(ctx: Context, outcome: Outcome<RevertResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  if (r.mode === "list") {
    ctx.streams.stdout.write(
      r.backups.length === 0
        ? `${t("revert.noBackups")}\n`
        : `${table(
            r.backups.map((b): [string, string] => [b.id, `${b.command}  ${b.files.join(", ")}`]),
            "",
          )}\n`,
    );
    return;
  }
  if (!r.changed) {
    ctx.streams.stdout.write(`${s.symbols.ok} ${t(r.mode === "backup" ? "revert.backupNothing" : "revert.nothing")}\n`);
    return;
  }
  if (r.dryRun) {
    ctx.streams.stdout.write(`${t("revert.dryRunDone", { count: r.files.filter((f) => f.kind !== "state").length })}\n`);
    return;
  }
  const lines = [`${s.symbols.ok} ${r.mode === "backup" ? t("revert.restored", { id: r.restoredFrom ?? "" }) : t("revert.done")}`];
  if (r.backup) lines.push(table([[t("label.backup"), r.backup.path]]));
  const after = lifecycleLines(ctx, r.restart);
  lines.push("", ...(r.restart?.launched ? after : [...after, t("revert.nextSteps")]));
  ctx.streams.stdout.write(`${lines.join("\n")}\n`);
}
