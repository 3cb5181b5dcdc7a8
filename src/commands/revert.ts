// `revert`: undo setup (the previously applied entry back, the tool's entry and row removed,
// deploymentMode restored), or restore a whole backup set (docs/commands.md#revert).
import { plainDiff } from "../render/diff.js";
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { nextCommand } from "../platform/next-command.js";
import { Report, type Warning } from "../render/report.js";
import { resolveTargets, type ResolvedTargets } from "../config/targets.js";
import { JsonReads } from "../config/json-reads.js";
import { guardManaged } from "../managed/guard.js";
import { listBackups, purgeBackups, readBackupFiles } from "../core/backups.js";
import { withLock } from "../core/lock.js";
import { fileKindOf, type FileKind, type PlannedChange } from "../config/plan.js";
import { planRevert, type RevertNotes } from "../config/revert-plan.js";
import { displayWidth, outputWidth, style, table, wrapHuman } from "../render/style.js";
import type { Outcome } from "./types.js";
import { lifecycleLines, type LifecycleOutcome } from "../lifecycle/actions.js";
import { parseOptions } from "./options.js";
import { runWriteFlow } from "./write-flow.js";
import { plural } from "../i18n/phrase.js";
import { helperFiles } from "../keychain/index.js";
import { HELPER_MODE } from "../keychain/plan.js";
import { READ_LIMITS, readRegularFile } from "../core/safe-read.js";
import { signInKeyInUse } from "../config/api-key.js";
import { KEYS_PAGE } from "../openrouter/key.js";
import type { Command } from "commander";
import { type OptionKit, restartOptions } from "./option-groups.js";

/** revert's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t } = kit;
  return restartOptions(
    kit,
    command
      .option("--list", t("help.revertList"))
      .option("--backup <id>", t("help.revertBackup"))
      .option("--dry-run", t("help.dryRun"))
      .option("--diff", t("help.diff"))
      .option("--repair", t("help.repair"))
      .option("--force", t("help.revertForce"))
      .option("--purge-backups", t("help.purgeBackups")),
  );
}

export const RevertOptionsSchema = z.object({
  list: z._default(z.boolean(), false),
  backup: z.optional(z.string().check(z.trim(), z.minLength(1))),
  dryRun: z._default(z.boolean(), false),
  diff: z._default(z.boolean(), false),
  restart: z.optional(z.boolean()),
  forceQuit: z._default(z.boolean(), false),
  repair: z._default(z.boolean(), false),
  force: z._default(z.boolean(), false),
  purgeBackups: z._default(z.boolean(), false),
});
export type RevertOptions = z.input<typeof RevertOptionsSchema>;

export interface RevertResult {
  command: "revert";
  mode: "undo" | "backup" | "list";
  dryRun: boolean;
  changed: boolean;
  /** With --dry-run, each file's masked unified diff too. */
  files: { path: string; kind: FileKind; action: PlannedChange["action"]; diff?: string }[];
  directories: string[];
  backup: { id: string; path: string } | null;
  restoredFrom: string | null;
  backups: { id: string; createdAt: string; command: string; files: string[] }[];
  /** Our entries left in place because they were edited after setup (--force removes them). */
  kept: string[];
  /** state.json was missing or did not parse: what to restore came from the backup sets. */
  fromBackups: boolean;
  /** Whether a configuration is applied once reverted (false: none was applied before setup). */
  appliedAfter: boolean;
  /** With --purge-backups: how many backup sets were deleted (or, dry run, would be). */
  purgedBackups: number | null;
  /** The key sign-in created that the entry being reverted holds: it stays on the account until deleted there. */
  signInKey?: { label: string };
  /** What happened to the running app around the write (quit, relaunch, confirmation). */
  restart?: LifecycleOutcome;
  warnings: Warning[];
}

/** The changes that put every file of a backup set back to its recorded bytes. */
async function planBackupRestore(ctx: Context, targets: ResolvedTargets, id: string): Promise<PlannedChange[]> {
  const manifest = (await listBackups(ctx, targets.stateDir)).find((b) => b.id === id);
  if (!manifest) throw new CliError({ code: "backup.not-found", message: "error.backupNotFound", params: { id }, hint: "hint.backupList" });
  const changes: PlannedChange[] = [];
  // Directory permissions (doctor --fix tightens them) go back to the recorded mode.
  for (const file of manifest.files) {
    if (!file.directory || file.mode === null) continue;
    const mode = await ctx.fs.stat(file.path).then(
      (stat) => stat.mode & 0o777,
      () => null,
    );
    if (mode === null || mode === file.mode) continue;
    changes.push({
      path: file.path,
      before: null,
      after: null,
      secret: false,
      mode,
      dirMode: file.mode,
      kind: fileKindOf(file.path, targets.stateDir, true),
      action: "mode",
      repaired: false,
    });
  }
  // The credential helper comes back executable (every other file owner-only).
  const helpers = new Set(helperFiles(ctx, targets.stateDir).map((f) => f.path));
  for (const { file, bytes } of await readBackupFiles(ctx, targets.stateDir, manifest)) {
    let current: Buffer | null = null;
    try {
      current = await readRegularFile(ctx, file.path, { limit: READ_LIMITS.config });
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
      kind: helpers.has(file.path) ? "helper" : fileKindOf(file.path, targets.stateDir),
      ...(helpers.has(file.path) ? { fileMode: HELPER_MODE } : {}),
      action: bytes === null ? "delete" : current === null ? "create" : "update",
      repaired: false,
    });
  }
  return changes;
}

export async function run(ctx: Context, raw: RevertOptions): Promise<Outcome<RevertResult>> {
  const options = parseOptions(RevertOptionsSchema, raw);
  if (options.list && options.backup) throw usageError("error.listAndBackup");
  if (options.purgeBackups && (options.list || options.backup)) throw usageError("error.purgeWithBackup");
  const report = new Report(ctx);
  // state.json and our entry are read once before the lock, for the targets, the sign-in notice
  // and a dry run's plan; a plan under the lock reads them again (see `plan` below).
  const reads = new JsonReads(ctx);
  const targets = await resolveTargets(ctx, reads);
  const result: RevertResult = {
    command: "revert",
    mode: options.list ? "list" : options.backup ? "backup" : "undo",
    dryRun: options.dryRun,
    changed: false,
    files: [],
    directories: [],
    backup: null,
    restoredFrom: options.backup ?? null,
    backups: [],
    kept: [],
    fromBackups: false,
    appliedAfter: true,
    purgedBackups: null,
    warnings: report.warnings,
  };
  if (options.list) {
    const backups = await listBackups(ctx, targets.stateDir);
    result.backups = backups.map((b) => ({ id: b.id, createdAt: b.createdAt, command: b.command, files: b.files.map((f) => f.path) }));
    return { exitCode: ExitCode.ok, result };
  }
  await guardManaged(ctx, report);
  // A notice only: a key or state that cannot be read leaves it out, never stops the revert.
  const signIn = options.backup ? null : await signInKeyInUse(ctx, targets, reads).catch(() => null);
  const signInKey = signIn ? { label: signIn.record.label } : null;
  const notes: RevertNotes = { kept: [], rebuilt: false };
  const plan = () => {
    notes.kept = [];
    return options.backup
      ? planBackupRestore(ctx, targets, options.backup)
      : planRevert(ctx, targets, {
          repair: options.repair,
          force: options.force,
          notes,
          // A dry run plans from the files as the run read them first. A write plans under the
          // lock, from the files as they are then: another run may have written them since, and
          // the commit checks once more that each still holds the bytes its plan was made from.
          ...(options.dryRun ? { reads } : {}),
        });
  };
  const flow = await runWriteFlow(ctx, {
    command: "revert",
    targets,
    report,
    apps: () => targets.platform.findApps(ctx),
    plan,
    dryRun: options.dryRun,
    diff: options.diff,
    restart: { restart: options.restart, forceQuit: options.forceQuit, confirmGateway: false },
    question: "prompt.confirmRevert",
  });
  for (const path of notes.kept)
    report.warn("revert.entry-kept", "warn.revertEntryKept", { path, command: nextCommand(ctx, "revert --force") });
  if (notes.rebuilt && flow.changes.length > 0) report.warn("revert.from-backups", "warn.revertFromBackups");
  let purged: number | null = null;
  if (options.purgeBackups) {
    purged = options.dryRun ? (await listBackups(ctx, targets.stateDir)).length + (flow.changes.length > 0 ? 1 : 0) : 0;
    if (!options.dryRun) purged = await withLock(ctx, targets.stateDir, () => purgeBackups(ctx, targets.stateDir));
  }
  return {
    exitCode: ExitCode.ok,
    result: {
      ...result,
      changed: flow.changes.length > 0,
      files: flow.changes.map((c) => ({
        path: c.path,
        kind: c.kind,
        action: c.action,
        ...(options.dryRun ? { diff: plainDiff(ctx, c) } : {}),
      })),
      directories: flow.directories,
      backup: flow.commit && !options.purgeBackups ? { id: flow.commit.backup.id, path: flow.commit.backupPath } : null,
      kept: notes.kept,
      fromBackups: notes.rebuilt && flow.changes.length > 0,
      appliedAfter: appliedAfter(flow.changes),
      purgedBackups: purged,
      ...(signInKey && flow.changes.length > 0 ? { signInKey } : {}),
      ...(flow.lifecycle ? { restart: flow.lifecycle } : {}),
    },
  };
}

/** The key an earlier sign-in created, when our entry still holds it (revert takes it off this machine, not off the account). */
/** Whether a library still names an applied entry once the changes are written (no library change: yes). */
function appliedAfter(changes: PlannedChange[]): boolean {
  const metas = changes.filter((c) => c.kind === "meta");
  if (metas.length === 0) return true;
  return metas.some((c) => {
    if (c.action === "delete" || !c.after) return false;
    try {
      const applied = (JSON.parse(c.after.toString("utf8")) as { appliedId?: unknown }).appliedId;
      return typeof applied === "string" && applied !== "";
    } catch {
      return true;
    }
  });
}

export function render(ctx: Context, outcome: Outcome<RevertResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  if (r.mode === "list") {
    const width = outputWidth(ctx);
    if (r.backups.length === 0) {
      ctx.streams.stdout.write(`${wrapHuman(t("revert.noBackups"), width)}\n`);
      return;
    }
    // One line per backup set: its files when every row fits the terminal, else how many there are.
    const commandWidth = Math.max(...r.backups.map((b) => displayWidth(b.command)));
    const lead = (b: (typeof r.backups)[number]) => `${b.id}  ${b.command}${" ".repeat(commandWidth - displayWidth(b.command))}  `;
    const listed = r.backups.map((b) => `${lead(b)}${b.files.join(", ")}`);
    const rows = listed.every((line) => displayWidth(line) <= width)
      ? listed
      : r.backups.map((b) => `${lead(b)}${t(plural("count.files", b.files.length))}`);
    ctx.streams.stdout.write(`${rows.join("\n")}\n`);
    return;
  }
  const lines: string[] = [];
  if (!r.changed) {
    lines.push(
      `${s.symbols.ok} ${t(r.mode === "backup" ? "revert.backupNothing" : r.kept.length > 0 ? "revert.nothingButKept" : "revert.nothing")}`,
    );
  } else if (r.dryRun) {
    lines.push(t(plural("revert.dryRunDone", r.files.filter((f) => f.kind !== "state").length)));
  } else {
    const done =
      r.mode === "backup"
        ? t("revert.restored", { id: r.restoredFrom ?? "" })
        : t(r.kept.length > 0 ? "revert.doneKept" : r.appliedAfter ? "revert.done" : "revert.doneNothingBefore");
    // In the order things happened: the app quit, the files were written, the app started again.
    const after = lifecycleLines(ctx, r.restart);
    if (r.restart?.quit) lines.push(after.shift() ?? "");
    lines.push(`${s.symbols.ok} ${done}`);
    if (r.backup) lines.push(table([[t("label.backup"), r.backup.path]], "  ", 0, outputWidth(ctx)));
    lines.push("", ...(r.restart?.launched ? after : [...after, t("revert.nextSteps")]));
  }
  if (r.changed && r.signInKey) lines.push(t("revert.signInKey", { label: r.signInKey.label, url: KEYS_PAGE }));
  if (r.purgedBackups !== null) lines.push(t(plural(r.dryRun ? "revert.purgeDry" : "revert.purged", r.purgedBackups)));
  // A dry run that found something to do ends with how to do it.
  if (r.dryRun && (r.changed || (r.purgedBackups ?? 0) > 0)) lines.push(t("plan.applyHint"));
  ctx.streams.stdout.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
}
