// setup's steps 6 to 10: the plan, the confirmation, the quit, the write, the relaunch (a restart
// alone when nothing changed but one was asked for, say after an earlier --no-restart), through
// the one write flow. A sign-in's key is created here, after the confirmation and once; a key
// created and not in use is never left behind without a word.
import type { Context } from "../core/context.js";
import { sha256 } from "../core/digest.js";
import type { EntrySettings } from "../config/entry.js";
import type { JsonReads } from "../config/json-reads.js";
import type { Answers } from "../config/setup-answers.js";
import { planSetup } from "../config/setup-plan.js";
import type { SignInRecord } from "../config/state.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { KeyStorage } from "../keychain/plan.js";
import { checkCreatedKey, orphanNotice, type SignInPlan } from "../login/sign-in-plan.js";
import type { AppInstall } from "../platform/types.js";
import type { Report } from "../render/report.js";
import { runWriteFlow, type WriteOutcome } from "./write-flow.js";

/** What setup decided before the plan. `answers` and the settings' key change when sign-in creates a key. */
export interface SetupDecisions {
  found: { targets: ResolvedTargets; apps: AppInstall[]; wizard?: unknown };
  answers: Answers;
  settings: EntrySettings;
  name: string;
  pricesReadAt: string;
  keyStorage: KeyStorage;
  signIn: SignInPlan | null;
  /** The run's reads: the plan of a dry run is made from them. */
  reads: JsonReads;
}

export async function writeSetup(
  ctx: Context,
  report: Report,
  options: {
    repair: boolean;
    dryRun: boolean;
    diff: boolean;
    restart?: boolean | undefined;
    forceQuit: boolean;
    skipKeyCheck: boolean;
  },
  decided: SetupDecisions,
): Promise<WriteOutcome> {
  const { found, answers, name, pricesReadAt, keyStorage, signIn, reads } = decided;
  let settings = decided.settings;
  let record: SignInRecord | undefined;
  let committed = false;
  let releaseInterrupt: (() => void) | undefined;
  const flowInput = {
    command: "setup" as const,
    targets: found.targets,
    report,
    apps: async () => found.apps,
    plan: () =>
      planSetup(ctx, found.targets, {
        settings,
        name,
        repair: options.repair,
        pricesReadAt,
        keyStorage,
        ...(record ? { signIn: record } : {}),
        // A dry run plans from the files as the run read them first. A write plans under the lock,
        // from the files as they are then: another run may have written them since, and the
        // commit checks once more that each still holds the bytes its plan was made from.
        ...(options.dryRun ? { reads } : {}),
      }),
    key: answers.key.key,
    dryRun: options.dryRun,
    diff: options.diff,
    restart: { restart: options.restart, forceQuit: options.forceQuit, expectedApiHost: ctx.settings.baseUrl },
    question: "prompt.confirmWrite" as const,
    restartAnyway: options.restart === true,
    committed: () => {
      committed = true;
      releaseInterrupt?.();
    },
  };
  // Sign-in creates a key on the account: only now that the plan is confirmed, and once.
  const afterConfirm =
    signIn?.state === "planned"
      ? async () => {
          const { signIn: signInNow } = await import("../login/index.js");
          const key = await signInNow(ctx, report, { browser: signIn.browser, wizard: found.wizard !== undefined, key: signIn.request });
          signIn.state = "created";
          // Interrupted from now until the files hold it: the key is named, with where to delete it.
          releaseInterrupt = ctx.onInterrupt?.(() => orphanNotice(ctx, signIn.label));
          answers.key = key;
          settings = { ...settings, apiKey: key.key };
          record = { label: signIn.label, keyHash: sha256(Buffer.from(key.key)), createdAt: ctx.clock.now().toISOString() };
          if (!options.skipKeyCheck) answers.info = await checkCreatedKey(ctx, report, signIn, key.key);
        }
      : undefined;
  try {
    return await runWriteFlow(ctx, { ...flowInput, ...(afterConfirm ? { afterConfirm } : {}) });
  } catch (error) {
    // Created and not in use: never left behind without a word.
    if (signIn?.state === "created" && !committed) orphanNotice(ctx, signIn.label);
    throw error;
  } finally {
    releaseInterrupt?.();
  }
}
