// setup's result: what was found, what the entry holds, and what was (or would be) written.
import type { Context } from "../core/context.js";
import type { Warning } from "../render/report.js";
import type { KeySource } from "../config/api-key.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { EgressChoice } from "../config/egress.js";
import { ENTRY_ID, type EntrySettings, type ModelEntry } from "../config/entry.js";
import type { PlannedChange } from "../config/plan.js";
import type { Answers } from "../config/setup-answers.js";
import type { KeyInfo } from "../openrouter/api.js";
import { maskKey } from "../openrouter/key.js";
import type { AppInstall, DataDir } from "../platform/types.js";
import type { LifecycleOutcome } from "../lifecycle/actions.js";
import type { FeatureFacts } from "../render/features.js";
import type { SignInResult } from "../login/sign-in-plan.js";

export type { SignInResult };

export interface FileResult {
  path: string;
  kind: PlannedChange["kind"];
  action: PlannedChange["action"];
  repaired: boolean;
  /** With --repair: "tolerant" (comments and trailing commas removed, every value kept) or "afresh". */
  repair?: "tolerant" | "afresh";
  /** With --dry-run: the file's unified diff, every secret masked ("" for none). */
  diff?: string;
}

/** The files of a result; `diff` (given with --dry-run) adds each one's masked diff. */
export function describeChanges(changes: PlannedChange[], diff?: (change: PlannedChange) => string): FileResult[] {
  return changes.map((c) => ({
    path: c.path,
    kind: c.kind,
    action: c.action,
    repaired: c.repaired,
    ...(c.repair ? { repair: c.repair } : {}),
    ...(diff ? { diff: diff(c) } : {}),
  }));
}

export interface SetupResult {
  command: "setup";
  dryRun: boolean;
  changed: boolean;
  platform: string;
  app: { path: string; version: string | null; kind: string } | null;
  configDirs: { path: string; kind: DataDir["kind"] }[];
  entryId: string;
  name: string;
  key: {
    masked: string;
    label: string | null;
    source: KeySource;
    checked: boolean;
    info: KeyInfo | null;
    /** Where the key is kept: in the entry ("file") or in the OS secret store ("keychain"). */
    storage: "keychain" | "file";
    /** Sign-in: the key it creates (after the confirmation; never in a dry run) or reuses. */
    signIn?: SignInResult;
  };
  models: ModelEntry[] | null;
  egress: EgressChoice;
  /** What the entry turns on besides the connection. */
  features: FeatureFacts;
  files: FileResult[];
  /** Directories created for new files (a --config-dir that did not exist, say). */
  directories: string[];
  backup: { id: string; path: string } | null;
  /** What happened to the running app around the write (quit, relaunch, confirmation). */
  restart?: LifecycleOutcome;
  warnings: Warning[];
}

/** The result before anything is written: what was found and what the entry will hold. */
export function plannedResult(
  ctx: Context,
  options: { dryRun: boolean; gatewayOnly?: boolean | undefined },
  planned: {
    found: { targets: ResolvedTargets; apps: AppInstall[] };
    name: string;
    answers: Answers;
    settings: Pick<EntrySettings, "models" | "pricing">;
    pricesReadAt: string;
    keyStorage: "keychain" | "file";
    attribution: boolean;
    warnings: Warning[];
  },
): SetupResult {
  const { found, name, answers, pricesReadAt } = planned;
  const { models, pricing } = planned.settings;
  const app = found.apps[0];
  return {
    command: "setup",
    dryRun: options.dryRun,
    changed: false,
    platform: ctx.platform,
    app: app ? { path: app.path, version: app.version, kind: app.kind } : null,
    configDirs: found.targets.dataDirs.map((d) => ({ path: d.path, kind: d.kind })),
    entryId: ENTRY_ID,
    name,
    key: {
      masked: maskKey(answers.key.key),
      label: answers.info?.label ?? null,
      source: answers.key.source,
      checked: answers.info !== null,
      info: answers.info,
      storage: planned.keyStorage,
    },
    models,
    egress: answers.egress,
    features: {
      pricing: pricing ? { models: pricing.map((row) => row.name), readAt: pricesReadAt } : null,
      attribution: planned.attribution,
      millionContext: (models ?? []).filter((m) => m.supports1m).map((m) => m.name),
      gatewayOnly: options.gatewayOnly ?? null,
    },
    files: [],
    directories: [],
    backup: null,
    warnings: planned.warnings,
  };
}

/** The key's part of the result once sign-in created or reused one: what OpenRouter said about it. */
export function keyAfterSignIn(result: SetupResult, answers: Pick<Answers, "key" | "info">): void {
  result.key.masked = maskKey(answers.key.key);
  result.key.info = answers.info;
  result.key.label = answers.info?.label ?? null;
  result.key.checked = answers.info !== null;
}
