// `setup`: check the key, pick models and egress hosts, show the plan, and write Claude Desktop's
// gateway configuration as one transaction (docs/commands.md#setup-default).
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../core/report.js";
import { resolveKey, type KeySource, type ResolvedKey } from "../core/api-key.js";
import { resolveTargets, type ResolvedTargets } from "../core/targets.js";
import { keyVerdict } from "../core/key-verdict.js";
import { chooseModels, parseModelsOption } from "../core/model-choice.js";
import { guardManaged } from "../managed/guard.js";
import { DEFAULT_ENTRY_NAME, ENTRY_ID, type ModelEntry } from "../config/entry.js";
import { parseEgress, type EgressChoice } from "../config/egress.js";
import { planSetup, type PlannedChange } from "../config/plan.js";
import { getKeyInfo, getModels, type KeyInfo } from "../openrouter/api.js";
import { KEYS_PAGE, maskKey } from "../openrouter/key.js";
import { toModelEntries, type ModelInfo } from "../openrouter/models.js";
import type { AppInstall, DataDir } from "../platform/types.js";
import { lifecycleLines, type LifecycleOutcome } from "../lifecycle/index.js";
import { style, table } from "../render/style.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import { runWriteFlow } from "./write-flow.js";
import { nextCommand } from "../core/next-command.js";
import { appLabel, dirLabel } from "../render/figures.js";
import { checkEntryName, entrySettings } from "../core/entry-extras.js";
import { featureRows, type FeatureFacts } from "../render/features.js";
import { plural } from "../i18n/phrase.js";
import { chooseKeyStorage } from "../keychain/choose.js";
import { keySource } from "../keychain/index.js";

export const SetupOptionsSchema = z.object({
  apiKeyFile: z.optional(z.string()),
  apiKey: z.optional(z.string()),
  models: z.optional(z.string()),
  discoverModels: z._default(z.boolean(), false),
  egress: z._default(z.array(z.string()), []),
  name: z._default(z.string(), DEFAULT_ENTRY_NAME),
  restart: z.optional(z.boolean()),
  forceQuit: z._default(z.boolean(), false),
  dryRun: z._default(z.boolean(), false),
  skipKeyCheck: z._default(z.boolean(), false),
  repair: z._default(z.boolean(), false),
  pricing: z._default(z.boolean(), true),
  attribution: z._default(z.boolean(), true),
  gatewayOnly: z.optional(z.boolean()),
  login: z._default(z.boolean(), false),
  browser: z._default(z.boolean(), true),
  keyStorage: z.optional(z.enum(["keychain", "file"])),
});
export type SetupOptions = z.input<typeof SetupOptionsSchema>;

export interface FileResult {
  path: string;
  kind: PlannedChange["kind"];
  action: PlannedChange["action"];
  repaired: boolean;
  /** With --repair: "tolerant" (comments and trailing commas removed, every value kept) or "afresh". */
  repair?: "tolerant" | "afresh";
}

export function describeChanges(changes: PlannedChange[]): FileResult[] {
  return changes.map((c) => ({
    path: c.path,
    kind: c.kind,
    action: c.action,
    repaired: c.repaired,
    ...(c.repair ? { repair: c.repair } : {}),
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

/** Human header: what was found on this machine, before anything is asked or checked. */
function printFound(ctx: Context, platform: string, app: AppInstall | undefined, dirs: DataDir[]): void {
  if (ctx.ui.json) return;
  const t = ctx.ui.t;
  const s = style(ctx);
  const rows: [string, string][] = [
    [t("label.platform"), platform],
    [t("label.app"), app ? appLabel(app) : s.warn(t("value.appNotFound"))],
    ...dirs.map((d): [string, string] => [t("label.configDir"), dirLabel(ctx, d)]),
  ];
  ctx.streams.stderr.write(`${s.bold(t("setup.found"))}\n${table(rows)}\n\n`);
}

type ParsedSetup = z.output<typeof SetupOptionsSchema>;

/** What the options say before anything is read: the entry's name, the asked-for models and egress hosts. */
interface Given {
  name: string;
  modelIds: string[] | undefined;
  egress: EgressChoice;
}

/** The options that cannot go together are refused before anything is read or asked. */
function checkOptions(ctx: Context, options: ParsedSetup): Given {
  const name = checkEntryName(ctx, options.name);
  if (options.models !== undefined && options.discoverModels) throw usageError("error.modelsAndDiscover");
  if (options.login && (options.apiKeyFile !== undefined || options.apiKey !== undefined))
    throw usageError("error.loginWithKey", {}, "hint.loginWithKey");
  if (!options.browser && !options.login && !ctx.ui.interactive)
    throw usageError("error.noBrowserWithoutLogin", {}, "hint.noBrowserWithoutLogin");
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
  });
  return { key: asked.key, info: asked.info, models: asked.models, catalogue, egress: asked.egress, asked: true };
}

/**
 * Steps 3 and 4 from the options: the key (signed in, or from a file, an option or the
 * environment), checked unless --skip-key-check, and the models: --models (checked against
 * OpenRouter's list when it was read), the proposal, or discovery. The model list does not
 * depend on the key's answer, so both requests go out at once.
 */
async function answersFromOptions(ctx: Context, report: Report, options: ParsedSetup, given: Given): Promise<Answers> {
  const key = options.login
    ? await (await import("../login/index.js")).signIn(ctx, report, { browser: options.browser })
    : await resolveKey(ctx, report, options);
  if (options.skipKeyCheck) report.warn("key.not-checked", "warn.keyNotChecked");
  const pending = options.skipKeyCheck || options.discoverModels ? null : getModels(ctx);
  pending?.catch(() => undefined); // awaited below, unless the key check fails first
  let info: KeyInfo | null = null;
  if (!options.skipKeyCheck) {
    info = await report.step("step.checkKey", () => getKeyInfo(ctx, key.key));
    keyVerdict(ctx, info, report);
  }
  const base = { key, info, egress: given.egress, asked: false };
  if (options.discoverModels) {
    report.warn("models.discovery", "warn.discovery");
    return { ...base, models: null, catalogue: null };
  }
  const catalogue = pending ? await report.step("step.fetchModels", () => pending) : null;
  return { ...base, models: toModelEntries(chooseModels(given.modelIds, catalogue, report, "hint.modelsNeeded")), catalogue };
}

/**
 * Step 5's last word: "*" turns the network sandbox off, so without the wizard's confirmation
 * it needs --yes (or a dry run); it is always said.
 */
function checkEgress(ctx: Context, report: Report, options: ParsedSetup, answers: Answers): void {
  if (answers.egress.allowAll && !ctx.ui.yes && !options.dryRun && !answers.asked)
    throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");
  if (answers.egress.allowAll) report.warn("egress.all", "warn.egressAll");
}

/** The result before anything is written: what was found and what the entry will hold. */
function plannedResult(
  ctx: Context,
  options: ParsedSetup,
  planned: {
    found: { targets: ResolvedTargets; apps: AppInstall[] };
    name: string;
    answers: Answers;
    settings: ReturnType<typeof entrySettings>;
    pricesReadAt: string;
    keyStorage: "keychain" | "file";
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
      attribution: options.attribution,
      millionContext: (models ?? []).filter((m) => m.supports1m).map((m) => m.name),
      gatewayOnly: options.gatewayOnly ?? null,
    },
    files: [],
    directories: [],
    backup: null,
    warnings: planned.warnings,
  };
}

export async function run(ctx: Context, raw: SetupOptions): Promise<Outcome<SetupResult>> {
  const options = parseOptions(SetupOptionsSchema, raw);
  const given = checkOptions(ctx, options);
  const report = new Report(ctx);
  const found = await findMachine(ctx, report);
  const answers = found.wizard
    ? await askWizard(ctx, report, found.wizard, options, given, found.targets.dataDirs)
    : await answersFromOptions(ctx, report, options, given);
  // The wizard read the catalogue for its own questions: labels and prices need it here.
  if (answers.models && !answers.catalogue && !options.skipKeyCheck)
    answers.catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  checkEgress(ctx, report, options, answers);

  const settings = entrySettings(report, {
    apiKey: answers.key.key,
    baseUrl: ctx.settings.baseUrl,
    models: answers.models,
    catalogue: answers.catalogue,
    egressHosts: answers.egress.hosts,
    pricing: options.pricing,
    attribution: options.attribution,
    gatewayOnly: options.gatewayOnly,
  });
  const pricesReadAt = ctx.clock.now().toISOString().slice(0, 10);
  const keyStorage = await chooseKeyStorage(ctx, {
    option: options.keyStorage,
    dataDirs: found.targets.dataDirs,
    stateDir: found.targets.stateDir,
    ask: found.wizard !== undefined,
  });
  const result = plannedResult(ctx, options, {
    found,
    name: given.name,
    answers,
    settings,
    pricesReadAt,
    keyStorage,
    warnings: report.warnings,
  });

  // Steps 6 to 10: the plan, the confirmation, the quit, the write, the relaunch (a restart
  // alone when nothing changed but one was asked for, say after an earlier --no-restart).
  const flow = await runWriteFlow(ctx, {
    command: "setup",
    targets: found.targets,
    report,
    apps: async () => found.apps,
    plan: () => planSetup(ctx, found.targets, { settings, name: given.name, repair: options.repair, pricesReadAt, keyStorage }),
    key: answers.key.key,
    dryRun: options.dryRun,
    restart: { restart: options.restart, forceQuit: options.forceQuit, expectedApiHost: ctx.settings.baseUrl },
    question: "prompt.confirmWrite",
    restartAnyway: options.restart === true,
  });
  if (!options.dryRun && flow.changes.length > 0) await (await import("../doctor/after-setup.js")).reportOfflineFindings(ctx, report);
  return {
    exitCode: ExitCode.ok,
    result: {
      ...result,
      changed: flow.changes.length > 0,
      files: describeChanges(flow.changes),
      directories: flow.directories,
      backup: flow.commit ? { id: flow.commit.backup.id, path: flow.commit.backupPath } : null,
      ...(flow.lifecycle ? { restart: flow.lifecycle } : {}),
    },
  };
}

export function render(ctx: Context, outcome: Outcome<SetupResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const lines: string[] = [];
  if (r.dryRun) {
    lines.push(r.changed ? t(plural("setup.dryRunDone", r.files.filter((f) => f.kind !== "state").length)) : t("setup.noChanges"));
    if (r.changed) lines.push(t("plan.applyHint"));
  } else if (!r.changed) {
    lines.push(`${s.symbols.ok} ${t("setup.noChanges")}`, ...lifecycleLines(ctx, r.restart));
  } else {
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
    const after = lifecycleLines(ctx, r.restart);
    lines.push(table(rows), "");
    if (r.key.source === "login") lines.push(t("setup.keyFromLogin", { label: r.key.label ?? r.key.masked, url: KEYS_PAGE }), "");
    lines.push(
      t("entry.providerAdvice"),
      ...after,
      r.restart?.launched ? t("lifecycle.nextGateway") : t("setup.nextSteps"),
      t("setup.revertHint", { command: nextCommand(ctx, "revert") }),
    );
  }
  ctx.streams.stdout.write(`${lines.join("\n")}\n`);
}
