// `setup`: check the key, pick models and egress hosts, show the plan, and write Claude Desktop's
// gateway configuration as one transaction (docs/commands.md#setup-default).
import * as z from "zod";
import type { Context } from "../core/context.js";
import { usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../core/report.js";
import { resolveKey, type KeySource } from "../core/api-key.js";
import { resolveTargets } from "../core/targets.js";
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
import { chooseKeyStorage } from "../keychain/choose.js";
import { keySource } from "../keychain/index.js";

export const SetupOptionsSchema = z.object({
  apiKeyFile: z.string().optional(),
  apiKey: z.string().optional(),
  models: z.string().optional(),
  discoverModels: z.boolean().default(false),
  egress: z.array(z.string()).default([]),
  name: z.string().default(DEFAULT_ENTRY_NAME),
  restart: z.boolean().optional(),
  forceQuit: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  skipKeyCheck: z.boolean().default(false),
  repair: z.boolean().default(false),
  pricing: z.boolean().default(true),
  attribution: z.boolean().default(true),
  gatewayOnly: z.boolean().optional(),
  login: z.boolean().default(false),
  browser: z.boolean().default(true),
  keyStorage: z.enum(["keychain", "file"]).optional(),
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

export async function run(ctx: Context, raw: SetupOptions): Promise<Outcome<SetupResult>> {
  const options = parseOptions(SetupOptionsSchema, raw);
  const name = checkEntryName(ctx, options.name);
  if (options.models !== undefined && options.discoverModels) throw usageError("error.modelsAndDiscover");
  if (options.login && (options.apiKeyFile !== undefined || options.apiKey !== undefined))
    throw usageError("error.loginWithKey", {}, "hint.loginWithKey");
  if (!options.browser && !options.login && !ctx.ui.interactive)
    throw usageError("error.noBrowserWithoutLogin", {}, "hint.noBrowserWithoutLogin");
  const modelIds = parseModelsOption(options.models);
  const egress = parseEgress(options.egress, ctx.ui.t);

  const report = new Report(ctx);
  const targets = await resolveTargets(ctx);
  const apps = await targets.platform.findApps(ctx);
  // A person at a terminal without --yes gets the wizard; it only gathers the answers.
  const wizard = ctx.ui.interactive ? await import("../wizard/index.js") : undefined;
  if (wizard) await wizard.introduce(ctx, targets, apps);
  else printFound(ctx, ctx.platform, apps[0], targets.dataDirs);
  if (apps.length === 0) report.warn("app.not-found", "warn.appNotFound");
  await guardManaged(ctx, report, apps[0]?.version ?? null);

  let catalogue: ModelInfo[] | null = null;
  const asked = wizard
    ? await wizard.ask(ctx, report, {
        apiKeyFile: options.apiKeyFile,
        apiKey: options.apiKey,
        login: options.login,
        browser: options.browser,
        dataDirs: targets.dataDirs,
        skipKeyCheck: options.skipKeyCheck,
        discoverModels: options.discoverModels,
        pinnedModels: modelIds
          ? async (checked) => {
              if (checked) catalogue = await report.step("step.fetchModels", () => getModels(ctx));
              return toModelEntries(chooseModels(modelIds, catalogue, report, "hint.modelsNeeded"));
            }
          : undefined,
        egress: options.egress.length > 0 ? egress : undefined,
      })
    : undefined;
  const resolved =
    asked?.key ??
    (options.login
      ? await (await import("../login/index.js")).signIn(ctx, report, { browser: options.browser })
      : await resolveKey(ctx, report, options));
  let info: KeyInfo | null = asked?.info ?? null;
  if (asked) {
    // The wizard checked the key and asked for models and egress hosts.
  } else if (!options.skipKeyCheck) {
    // The model list does not depend on the key's answer: both requests run at once.
    const models = options.discoverModels ? null : getModels(ctx);
    models?.catch(() => undefined); // read below, unless the key check fails first
    info = await report.step("step.checkKey", () => getKeyInfo(ctx, resolved.key));
    keyVerdict(ctx, info, report);
    if (models) catalogue = await report.step("step.fetchModels", () => models);
  } else {
    report.warn("key.not-checked", "warn.keyNotChecked");
  }
  const chosen = asked
    ? asked.models
    : options.discoverModels
      ? null
      : toModelEntries(chooseModels(modelIds, catalogue, report, "hint.modelsNeeded"));
  if (!asked && options.discoverModels) report.warn("models.discovery", "warn.discovery");
  // The wizard read the catalogue for its own questions: labels and prices need it here.
  if (chosen && !catalogue && !options.skipKeyCheck) catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  if (asked) Object.assign(egress, asked.egress);

  if (egress.allowAll && !ctx.ui.yes && !options.dryRun && !asked) {
    // Turning the sandbox off needs an explicit yes (the wizard asks for it).
    throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");
  }
  if (egress.allowAll) report.warn("egress.all", "warn.egressAll");

  const settings = entrySettings(report, {
    apiKey: resolved.key,
    baseUrl: ctx.settings.baseUrl,
    models: chosen,
    catalogue,
    egressHosts: egress.hosts,
    pricing: options.pricing,
    attribution: options.attribution,
    gatewayOnly: options.gatewayOnly,
  });
  const { models, pricing } = settings;
  const pricesReadAt = ctx.clock.now().toISOString().slice(0, 10);
  const keyStorage = await chooseKeyStorage(ctx, {
    option: options.keyStorage,
    dataDirs: targets.dataDirs,
    stateDir: targets.stateDir,
    ask: Boolean(wizard),
  });
  const input = { settings, name, repair: options.repair, pricesReadAt, keyStorage };
  const result: SetupResult = {
    command: "setup",
    dryRun: options.dryRun,
    changed: false,
    platform: ctx.platform,
    app: apps[0] ? { path: apps[0].path, version: apps[0].version, kind: apps[0].kind } : null,
    configDirs: targets.dataDirs.map((d) => ({ path: d.path, kind: d.kind })),
    entryId: ENTRY_ID,
    name,
    key: {
      masked: maskKey(resolved.key),
      label: info?.label ?? null,
      source: resolved.source,
      checked: info !== null,
      info,
      storage: keyStorage,
    },
    models,
    egress,
    features: {
      pricing: pricing ? { models: pricing.map((row) => row.name), readAt: pricesReadAt } : null,
      attribution: options.attribution,
      millionContext: (models ?? []).filter((m) => m.supports1m).map((m) => m.name),
      gatewayOnly: options.gatewayOnly ?? null,
    },
    files: [],
    directories: [],
    backup: null,
    warnings: report.warnings,
  };

  // Nothing to write: done, unless a restart was asked for (say after an earlier --no-restart).
  const flow = await runWriteFlow(ctx, {
    command: "setup",
    targets,
    report,
    apps: async () => apps,
    plan: () => planSetup(ctx, targets, input),
    key: resolved.key,
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
    lines.push(r.changed ? t("setup.dryRunDone", { count: r.files.filter((f) => f.kind !== "state").length }) : t("setup.noChanges"));
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
