// `setup`: check the key, pick models and egress hosts, show the plan, and write Claude Desktop's
// gateway configuration as one transaction (docs/commands.md#setup-default).
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../render/report.js";
import {
  acceptKey,
  currentEntryKey,
  pendingSignIn,
  resolveKey,
  signInKeyInUse,
  type KeySource,
  type ResolvedKey,
} from "../config/api-key.js";
import { resolveTargets, type ResolvedTargets } from "../config/targets.js";
import { keyVerdict } from "../openrouter/key-verdict.js";
import { chooseModels, parseModelsOption } from "../config/model-choice.js";
import { guardManaged } from "../managed/guard.js";
import { DEFAULT_ENTRY_NAME, ENTRY_ID, type ModelEntry } from "../config/entry.js";
import { ALLOW_ALL, parseEgress, type EgressChoice } from "../config/egress.js";
import type { PlannedChange } from "../config/plan.js";
import { planSetup } from "../config/setup-plan.js";
import { plainDiff } from "../render/diff.js";
import { getKeyInfo, getModels, type KeyInfo } from "../openrouter/api.js";
import { KEYS_PAGE, maskKey } from "../openrouter/key.js";
import { toModelEntries, type ModelInfo } from "../openrouter/models.js";
import type { AppInstall, DataDir } from "../platform/types.js";
import { lifecycleLines, type LifecycleOutcome } from "../lifecycle/index.js";
import { outputWidth, style, table, wrapHuman } from "../render/style.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import { runWriteFlow } from "./write-flow.js";
import { nextCommand } from "../platform/next-command.js";
import { appLabel, dirLabel, platformName } from "../render/figures.js";
import { checkEntryName, entryFromOptions, pinnedModels } from "../config/entry-extras.js";
import { featureRows, type FeatureFacts } from "../render/features.js";
import { plural } from "../i18n/phrase.js";
import { chooseKeyStorage } from "../keychain/choose.js";
import { keySource } from "../keychain/index.js";
import { KEY_LIMIT_RESETS, keyLabel, type KeyLimitReset, type KeyRequest } from "../openrouter/oauth.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { checkWritable } from "../core/writable.js";
import { dirname } from "node:path";
import { currentChoices, type CurrentChoices } from "../config/current-choices.js";
import type { SignInRecord } from "../config/state.js";
import { sha256 } from "../core/digest.js";
import type { Command } from "commander";
import { entryOptions, type OptionKit, restartOptions } from "./option-groups.js";

/** setup's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t } = kit;
  return restartOptions(kit, entryOptions(kit, command).option("--name <label>", t("help.name")))
    .option("--dry-run", t("help.dryRun"))
    .option("--diff", t("help.diff"))
    .option("--skip-key-check", t("help.skipKeyCheck"))
    .option("--repair", t("help.repair"))
    .option("--gateway-only", t("help.gatewayOnly"))
    .option("--no-gateway-only", t("help.noGatewayOnly"))
    .option("--login", t("help.login"))
    .option("--no-browser", t("help.noBrowser"))
    .option("--key-storage <where>", t("help.keyStorage"))
    .option("--pricing", t("help.pricing"))
    .option("--attribution", t("help.attribution"))
    .option("--key-limit <usd>", t("help.keyLimit"))
    .option("--key-limit-reset <period>", t("help.keyLimitReset"));
}

export const SetupOptionsSchema = z.object({
  apiKeyFile: z.optional(z.string()),
  apiKey: z.optional(z.string()),
  models: z.optional(z.string()),
  discoverModels: z._default(z.boolean(), false),
  egress: z._default(z.array(z.string()), []),
  name: z.optional(z.string()),
  restart: z.optional(z.boolean()),
  forceQuit: z._default(z.boolean(), false),
  dryRun: z._default(z.boolean(), false),
  diff: z._default(z.boolean(), false),
  skipKeyCheck: z._default(z.boolean(), false),
  repair: z._default(z.boolean(), false),
  /** Left out: what the entry has now (on, for a first run). */
  pricing: z.optional(z.boolean()),
  attribution: z.optional(z.boolean()),
  gatewayOnly: z.optional(z.boolean()),
  login: z._default(z.boolean(), false),
  browser: z._default(z.boolean(), true),
  keyStorage: z.optional(z.enum(["keychain", "file"])),
  /** The spending cap (USD) of the key sign-in creates, and its reset. */
  keyLimit: z.optional(z.string()),
  keyLimitReset: z.optional(z.enum(KEY_LIMIT_RESETS)),
});
export type SetupOptions = z.input<typeof SetupOptionsSchema>;

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

export interface SignInResult {
  /** The key's name on https://openrouter.ai/settings/keys. */
  label: string;
  /** "planned": a dry run (no key created); "created": created by this run; "reused": made by an earlier sign-in here. */
  state: "planned" | "created" | "reused";
  /** The cap asked for (USD) and its reset; null: none. */
  limit: number | null;
  limitReset: string | null;
}

/** Human header: what was found on this machine, before anything is asked or checked. */
function printFound(ctx: Context, platform: string, app: AppInstall | undefined, dirs: DataDir[]): void {
  if (ctx.ui.json) return;
  const t = ctx.ui.t;
  const s = style(ctx);
  const rows: [string, string][] = [
    [t("label.platform"), platformName(platform)],
    [t("label.app"), app ? appLabel(app) : s.warn(t("value.appNotFound"))],
    ...dirs.map((d): [string, string] => [t("label.configDir"), dirLabel(ctx, d)]),
  ];
  ctx.streams.stderr.write(`${s.bold(t("setup.found"))}\n${table(rows, "  ", 0, outputWidth(ctx))}\n\n`);
}

type ParsedSetup = z.output<typeof SetupOptionsSchema>;

/** What the options say before anything is read: the entry's name, the asked-for models and egress hosts. */
interface Given {
  name: string | undefined;
  modelIds: string[] | undefined;
  egress: EgressChoice;
}

/** The options that cannot go together are refused before anything is read or asked. */
function checkOptions(ctx: Context, options: ParsedSetup): Given {
  const name = options.name === undefined ? undefined : checkEntryName(ctx, options.name);
  if (options.models !== undefined && options.discoverModels) throw usageError("error.modelsAndDiscover");
  if (options.login && (options.apiKeyFile !== undefined || options.apiKey !== undefined))
    throw usageError("error.loginWithKey", {}, "hint.loginWithKey");
  if (!options.browser && !options.login && !ctx.ui.interactive)
    throw usageError("error.noBrowserWithoutLogin", {}, "hint.noBrowserWithoutLogin");
  if ((options.keyLimit !== undefined || options.keyLimitReset !== undefined) && !options.login && !ctx.ui.interactive)
    throw usageError("error.keyLimitWithoutLogin", {}, "hint.keyLimitWithoutLogin");
  if (options.keyLimit !== undefined && !(Number(options.keyLimit) > 0 && Number.isFinite(Number(options.keyLimit))))
    throw usageError("error.keyLimitInvalid", { value: options.keyLimit }, "hint.keyLimitInvalid");
  if (options.keyLimitReset !== undefined && options.keyLimit === undefined)
    throw usageError("error.keyLimitResetAlone", {}, "hint.keyLimitResetAlone");
  return { name, modelIds: parseModelsOption(options.models), egress: parseEgress(options.egress, ctx.ui.t) };
}

type Wizard = typeof import("../wizard/index.js");

/**
 * Step 1 and 2: where the app and its configuration are, said before any question (by the
 * wizard, for a person at a terminal without --yes), and no managed configuration in the way.
 */
async function findMachine(ctx: Context, report: Report): Promise<{ targets: ResolvedTargets; apps: AppInstall[]; wizard?: Wizard }> {
  const targets = await resolveTargets(ctx);
  const apps = await targets.platform.findApps(ctx);
  const wizard = ctx.ui.interactive ? await import("../wizard/index.js") : undefined;
  if (wizard) await wizard.introduce(ctx, targets, apps);
  else printFound(ctx, ctx.platform, apps[0], targets.dataDirs);
  if (apps.length === 0) report.warn("app.not-found", "warn.appNotFound");
  await guardManaged(ctx, report, apps[0]?.version ?? null);
  return { targets, apps, ...(wizard ? { wizard } : {}) };
}

/** The answers the entry is built from. */
interface Answers {
  key: ResolvedKey;
  /** OpenRouter's answer about the key; null when it was not checked. */
  info: KeyInfo | null;
  /** null: Claude Desktop discovers the models. */
  models: ModelEntry[] | null;
  /** OpenRouter's model list, for labels and prices; null offline. */
  catalogue: ModelInfo[] | null;
  egress: EgressChoice;
  /** The wizard asked the questions (and confirmed "*" itself). */
  asked: boolean;
}

/** Steps 3 to 5 as questions: the wizard asks what the options did not answer. */
async function askWizard(
  ctx: Context,
  report: Report,
  wizard: Wizard,
  options: ParsedSetup,
  given: Given,
  dataDirs: DataDir[],
  current: CurrentChoices | null,
): Promise<Answers> {
  let catalogue: ModelInfo[] | null = null;
  const { modelIds } = given;
  const asked = await wizard.ask(ctx, report, {
    apiKeyFile: options.apiKeyFile,
    apiKey: options.apiKey,
    login: options.login,
    browser: options.browser,
    dataDirs,
    skipKeyCheck: options.skipKeyCheck,
    discoverModels: options.discoverModels,
    pinnedModels: modelIds
      ? async (checked) => {
          if (checked) catalogue = await report.step("step.fetchModels", () => getModels(ctx));
          return toModelEntries(chooseModels(modelIds, catalogue, report, "hint.modelsNeeded"));
        }
      : undefined,
    egress: options.egress.length > 0 ? given.egress : undefined,
    current,
    ...(options.keyLimit !== undefined ? { cap: capOption(options) } : {}),
  });
  return { key: asked.key, info: asked.info, models: asked.models, catalogue, egress: asked.egress, asked: true };
}

/**
 * Steps 3 and 4 from the options: the key (signed in, or from a file, an option or the
 * environment), checked unless --skip-key-check, and the models: --models (checked against
 * OpenRouter's list when it was read), the proposal, or discovery. The model list does not
 * depend on the key's answer, so both requests go out at once.
 */
async function answersFromOptions(
  ctx: Context,
  report: Report,
  options: ParsedSetup,
  given: Given,
  dataDirs: DataDir[],
  current: CurrentChoices | null,
): Promise<Answers> {
  const key = options.login
    ? pendingSignIn({ browser: options.browser, ...capOption(options) })
    : await keyFromOptions(ctx, report, options, dataDirs);
  if (options.skipKeyCheck) report.warn("key.not-checked", "warn.keyNotChecked");
  const pending = options.skipKeyCheck || options.discoverModels ? null : getModels(ctx);
  pending?.catch(() => undefined); // awaited below, unless the key check fails first
  let info: KeyInfo | null = null;
  // A key sign-in has yet to create is checked once it exists (after the confirmation).
  if (!options.skipKeyCheck && !key.signIn) {
    info = await report.step("step.checkKey", () => getKeyInfo(ctx, key.key));
    keyVerdict(ctx, info, report);
  }
  // Left out on a rerun: the hosts exactly as the entry lists them (no preset merged in).
  const egress =
    options.egress.length === 0 && current ? { hosts: [...current.egress], allowAll: current.egress.includes(ALLOW_ALL) } : given.egress;
  const base = { key, info, egress, asked: false };
  // Left out on a rerun: the models the entry pins, or discovery when it pins none.
  const modelIds = given.modelIds ?? current?.models ?? undefined;
  const discover = options.discoverModels || (given.modelIds === undefined && current !== null && current.models === null);
  const catalogue = pending && !discover ? await report.step("step.fetchModels", () => pending) : null;
  return { ...base, models: pinnedModels(report, { ids: modelIds, catalogue, discover, offlineHint: "hint.modelsNeeded" }), catalogue };
}

/** --key-limit and --key-limit-reset as the sign-in's cap. */
function capOption(options: ParsedSetup): { limit?: number; reset?: KeyLimitReset } {
  if (options.keyLimit === undefined) return {};
  return { limit: Number(options.keyLimit), reset: options.keyLimitReset ?? "monthly" };
}

/**
 * The key from the options or the environment; with none of them, the key our entry holds now
 * (a rerun with --yes keeps it, as the wizard's default does).
 */
async function keyFromOptions(ctx: Context, report: Report, options: ParsedSetup, dataDirs: DataDir[]): Promise<ResolvedKey> {
  if (options.apiKeyFile === undefined && options.apiKey === undefined && !ctx.env.OPENROUTER_API_KEY) {
    const current = await currentEntryKey(ctx, dataDirs);
    if (current) return acceptKey(ctx, report, current, "config");
  }
  return resolveKey(ctx, report, options);
}

/**
 * The key an earlier sign-in made for this machine, when our entry (or the store) still holds it:
 * signing in again would only add a second key to the account.
 */
/**
 * Step 5's last word: "*" turns the network sandbox off, so without the wizard's confirmation
 * it needs --yes (or a dry run); it is always said (entryFromOptions).
 */
function checkEgress(ctx: Context, options: ParsedSetup, answers: Answers): void {
  if (answers.egress.allowAll && !ctx.ui.yes && !options.dryRun && !answers.asked)
    throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");
}

/** The result before anything is written: what was found and what the entry will hold. */
function plannedResult(
  ctx: Context,
  options: ParsedSetup,
  planned: {
    found: { targets: ResolvedTargets; apps: AppInstall[] };
    name: string;
    answers: Answers;
    settings: ReturnType<typeof entryFromOptions>;
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

/** Sign-in as planned: the key it will create (or the one an earlier sign-in made here, reused). */
interface SignInPlan extends SignInResult {
  request: KeyRequest;
  browser: boolean;
}

/**
 * A sign-in chosen: on a machine whose entry still holds the key an earlier sign-in made here,
 * that key is reused (and checked) instead of adding another to the account; otherwise the
 * key to create is named and capped now and created after the confirmation.
 */
async function planSignIn(
  ctx: Context,
  report: Report,
  options: ParsedSetup,
  targets: ResolvedTargets,
  answers: Answers,
): Promise<SignInPlan | null> {
  const pending = answers.key.signIn;
  if (!pending) return null;
  const request: KeyRequest = { label: keyLabel(ctx), limit: pending.limit, reset: pending.reset };
  const capped = { limit: pending.limit ?? null, limitReset: pending.limit !== undefined ? (pending.reset ?? "monthly") : null };
  const reuse = await signInKeyInUse(ctx, targets);
  if (reuse) {
    answers.key = acceptKey(ctx, report, reuse.key, "login");
    if (!ctx.ui.json) ctx.streams.stderr.write(`${ctx.ui.t("setup.signInReused", { label: reuse.record.label, url: KEYS_PAGE })}\n`);
    if (!options.skipKeyCheck) {
      answers.info = await report.step("step.checkKey", () => getKeyInfo(ctx, reuse.key));
      keyVerdict(ctx, answers.info, report);
    }
    return { label: reuse.record.label, state: "reused", limit: null, limitReset: null, request, browser: pending.browser };
  }
  return { label: request.label, state: "planned", ...capped, request, browser: pending.browser };
}

/** After the key was created: OpenRouter's word on it, and a cap it did not apply said plainly. */
async function checkCreatedKey(ctx: Context, report: Report, plan: SignInPlan, key: string): Promise<KeyInfo> {
  const info = await report.step("step.checkKey", () => getKeyInfo(ctx, key));
  keyVerdict(ctx, info, report);
  if (plan.limit !== null && info.limit !== plan.limit)
    report.warn("sign-in.cap-not-applied", "warn.signInCapNotApplied", { limit: String(plan.limit), url: KEYS_PAGE });
  return info;
}

export async function run(ctx: Context, raw: SetupOptions): Promise<Outcome<SetupResult>> {
  const options = parseOptions(SetupOptionsSchema, raw);
  const given = checkOptions(ctx, options);
  const report = new Report(ctx);
  const found = await findMachine(ctx, report);
  // A rerun starts from what the entry holds: only what was never chosen gets a default.
  const current = await currentChoices(ctx, found.targets.dataDirs);
  const answers = found.wizard
    ? await askWizard(ctx, report, found.wizard, options, given, found.targets.dataDirs, current)
    : await answersFromOptions(ctx, report, options, given, found.targets.dataDirs, current);
  const signIn = await planSignIn(ctx, report, options, found.targets, answers);
  // The wizard read the catalogue for its own questions: labels and prices need it here.
  if (answers.models && !answers.catalogue && !options.skipKeyCheck)
    answers.catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  checkEgress(ctx, options, answers);
  const name = given.name ?? current?.name ?? DEFAULT_ENTRY_NAME;
  const pricing = options.pricing ?? current?.pricing ?? true;
  const attribution = options.attribution ?? current?.attribution ?? true;

  let settings = entryFromOptions(ctx, report, {
    apiKey: answers.key.key,
    models: answers.models,
    catalogue: answers.catalogue,
    egress: answers.egress,
    pricing,
    attribution,
    gatewayOnly: options.gatewayOnly,
  });
  const pricesReadAt = ctx.clock.now().toISOString().slice(0, 10);
  // Before the plan and before any sign-in: a store that does not answer is found out here.
  const keyStorage = await chooseKeyStorage(ctx, {
    option: options.keyStorage,
    dataDirs: found.targets.dataDirs,
    stateDir: found.targets.stateDir,
    ask: found.wizard !== undefined,
    rerun: current !== null,
  });
  const result = plannedResult(ctx, options, {
    found,
    name,
    answers,
    settings,
    pricesReadAt,
    keyStorage,
    attribution,
    warnings: report.warnings,
  });
  if (signIn) result.key.signIn = { label: signIn.label, state: signIn.state, limit: signIn.limit, limitReset: signIn.limitReset };
  if (signIn?.state === "planned") {
    // Everything that can fail without the network is checked before a key exists.
    if (!options.dryRun)
      await checkWritable(ctx, [
        ...found.targets.dataDirs.map((d) => d.path),
        ...found.targets.rootConfigs.map((f) => dirname(f.path)),
        found.targets.stateDir,
      ]);
    result.key.masked = "";
    if (!ctx.ui.json) ctx.streams.stderr.write(`${wrapHuman(signInPlanLine(ctx, signIn), outputWidth(ctx))}\n\n`);
  }

  // Steps 6 to 10: the plan, the confirmation, the quit, the write, the relaunch (a restart
  // alone when nothing changed but one was asked for, say after an earlier --no-restart).
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
  let flow: Awaited<ReturnType<typeof runWriteFlow>>;
  try {
    flow = await runWriteFlow(ctx, { ...flowInput, ...(afterConfirm ? { afterConfirm } : {}) });
  } catch (error) {
    // Created and not in use: never left behind without a word.
    if (signIn?.state === "created" && !committed) orphanNotice(ctx, signIn.label);
    throw error;
  } finally {
    releaseInterrupt?.();
  }
  if (!options.dryRun && flow.changes.length > 0) await (await import("../doctor/after-setup.js")).reportOfflineFindings(ctx, report);
  if (signIn) {
    result.key.signIn = { label: signIn.label, state: signIn.state, limit: signIn.limit, limitReset: signIn.limitReset };
    if (signIn.state !== "planned") {
      result.key.masked = maskKey(answers.key.key);
      result.key.info = answers.info;
      result.key.label = answers.info?.label ?? null;
      result.key.checked = answers.info !== null;
    }
  }
  return {
    exitCode: ExitCode.ok,
    result: {
      ...result,
      changed: flow.changes.length > 0,
      files: describeChanges(flow.changes, options.dryRun ? (change) => plainDiff(ctx, change, answers.key.key) : undefined),
      directories: flow.directories,
      backup: flow.commit ? { id: flow.commit.backup.id, path: flow.commit.backupPath } : null,
      ...(flow.lifecycle ? { restart: flow.lifecycle } : {}),
    },
  };
}

/** "Sign-in would create a key named …": the plan's word on what happens on the account. */
function signInPlanLine(ctx: Context, signIn: SignInResult): string {
  const t = ctx.ui.t;
  const cap =
    signIn.limit === null
      ? t("setup.signInNoCap")
      : t("setup.signInCap", { limit: String(signIn.limit), reset: t(`setup.signInReset.${signIn.limitReset ?? "never"}` as MessageKey) });
  return `${style(ctx).symbols.info} ${t("setup.signInPlanned", { label: signIn.label, cap })}`;
}

/** A key created on the account that nothing uses: said by name, with where to delete it. */
function orphanNotice(ctx: Context, label: string): void {
  ctx.streams.stderr.write(`${style(ctx).symbols.warn} ${ctx.ui.t("setup.signInOrphan", { label, url: KEYS_PAGE })}\n`);
}

export function render(ctx: Context, outcome: Outcome<SetupResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const lines: string[] = [];
  if (r.dryRun) {
    lines.push(r.changed ? t(plural("setup.dryRunDone", r.files.filter((f) => f.kind !== "state").length)) : t("setup.noChanges"));
    if (r.key.signIn?.state === "planned") lines.push(t("setup.signInDryRun", { label: r.key.signIn.label }));
    if (r.changed) lines.push(t("plan.applyHint"));
  } else if (!r.changed) {
    lines.push(`${s.symbols.ok} ${t("setup.noChanges")}`, ...lifecycleLines(ctx, r.restart));
  } else {
    // In the order things happened: the app quit, the files were written, the app started again.
    const after = lifecycleLines(ctx, r.restart);
    if (r.restart?.quit) lines.push(after.shift() ?? "");
    lines.push(`${s.symbols.ok} ${t("setup.done", { name: r.name })}`);
    const rows: [string, string][] = [
      [
        t("label.key"),
        `${r.key.label ?? r.key.masked}${r.key.storage === "keychain" ? ` (${keySource(ctx, { source: "keychain" })})` : ""}`,
      ],
      [t("label.models"), r.models ? r.models.map((m) => m.name).join(", ") : t("value.discovery")],
      [t("label.egress"), r.egress.hosts.length > 0 ? r.egress.hosts.join(", ") : t("value.none")],
    ];
    rows.push(...featureRows(ctx, r.features));
    if (r.backup) rows.push([t("label.backup"), r.backup.path]);
    lines.push(table(rows, "  ", 0, outputWidth(ctx)), "");
    if (r.key.source === "login")
      lines.push(t("setup.keyFromLogin", { label: r.key.signIn?.label ?? r.key.label ?? r.key.masked, url: KEYS_PAGE }), "");
    lines.push(
      t("entry.providerAdvice"),
      ...after,
      r.restart?.launched ? t("lifecycle.nextGateway") : r.app ? t("setup.nextSteps") : t("setup.nextNoApp"),
      t("setup.revertHint", { command: nextCommand(ctx, "revert") }),
    );
  }
  ctx.streams.stdout.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
}
