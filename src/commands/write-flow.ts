// The one write flow of every command that changes files (setup, revert, doctor --fix):
// lock → plan → show → confirm → quit the app → re-plan → commit (backup, atomic writes, rollback)
// → prune old backups → restart. `--dry-run` stops after showing the plan. Changes of the OS secret
// store (the key kept out of the entry) are not files: they run around the commit (../keychain).
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import type { ResolvedTargets } from "../config/targets.js";
import { commitChanges, type CommitResult } from "../core/transaction.js";
import { pruneBackups } from "../core/backups.js";
import { withLock } from "../core/lock.js";
import { newDirectories, type PlannedChange } from "../config/plan.js";
import { readState, referencedOriginals } from "../config/state.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { restartAround, type LifecycleOutcome, type RestartOptions } from "../lifecycle/actions.js";
import type { AppInstall } from "../platform/types.js";
import { showPlan } from "../render/diff.js";
import { confirmOrCancel } from "./options.js";
import { aroundCommit } from "../keychain/index.js";

export interface WriteFlow {
  /** Names the backup sets this flow writes. */
  command: "setup" | "revert" | "doctor-fix";
  targets: ResolvedTargets;
  report: Report;
  apps: () => Promise<AppInstall[]>;
  /** Computes the changes from the files as they are now (called again after the app quit). */
  plan: () => Promise<PlannedChange[]>;
  /** Masked wherever the plan shows it. */
  key?: string;
  dryRun: boolean;
  /** --diff: the plan as the full diff of each file, not in words. */
  diff?: boolean;
  restart: RestartOptions;
  question: MessageKey;
  /** Restart the app even when there is nothing to write (setup --restart). */
  restartAnyway?: boolean;
  /**
   * Runs once the user confirmed the plan and before the app is quit: what acts beyond the files
   * (sign-in creating a key on the account) comes only then. The plan is computed again after it.
   */
  afterConfirm?: () => Promise<void>;
  /** Told when the files are committed (what afterConfirm made is in use from then on). */
  committed?: () => void;
}

export interface WriteOutcome {
  /** What was written (or, with --dry-run, would be). */
  changes: PlannedChange[];
  /** Directories created (or to be created) for new files. */
  directories: string[];
  commit: CommitResult | null;
  lifecycle?: LifecycleOutcome;
}

export async function runWriteFlow(ctx: Context, flow: WriteFlow): Promise<WriteOutcome> {
  const { stateDir } = flow.targets;
  if (flow.dryRun) {
    const changes = await flow.plan();
    const directories = await newDirectories(ctx, changes);
    showPlan(ctx, changes, flow.key, directories, flow.diff);
    return { changes, directories, commit: null };
  }
  return withLock(ctx, stateDir, async () => {
    const planned = await flow.plan();
    if (planned.length === 0 && !flow.restartAnyway) return { changes: [], directories: [], commit: null };
    const directories = await newDirectories(ctx, planned);
    if (planned.length > 0) {
      showPlan(ctx, planned, flow.key, directories, flow.diff);
      await confirmOrCancel(ctx, flow.question);
      await flow.afterConfirm?.();
    }
    let written = planned;
    const { value: commit, lifecycle } = await restartAround(ctx, flow.report, await flow.apps(), flow.restart, async (quit) => {
      // The app may have written while quitting, and afterConfirm may have changed the answers:
      // re-plan, and commit only what is still to do.
      written = quit || flow.afterConfirm ? await flow.plan() : planned;
      if (written.length === 0) return null;
      const files = written.filter((change) => !change.store);
      const commit = async () => {
        if (files.length === 0) return null;
        const result = await commitChanges(ctx, stateDir, flow.command, files);
        const { state } = await readState(ctx, stateDir);
        await pruneBackups(ctx, stateDir, referencedOriginals(state)).catch(() => undefined);
        return result;
      };
      const done = files.length === written.length ? await commit() : await aroundCommit(ctx, flow.report, written, commit);
      flow.committed?.();
      return done;
    });
    return { changes: written, directories, commit, lifecycle };
  });
}
