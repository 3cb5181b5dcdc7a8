// `setup`: check the key, pick models and egress hosts, show the plan, and write Claude Desktop's
// gateway configuration as one transaction (docs/commands.md#setup-default). The command checks
// its options and orchestrates; the answers come from config/setup-answers.ts (or the wizard), the
// sign-in's plan from login/sign-in-plan.ts, the plan from config/setup-plan.ts, the write from
// ./write-flow.ts, and the result's shape is ./setup-result.ts.
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report } from "../render/report.js";
import { resolveTargets, type ResolvedTargets } from "../config/targets.js";
import { parseModelsOption } from "../config/model-choice.js";
import { guardManaged } from "../managed/guard.js";
import { DEFAULT_ENTRY_NAME } from "../config/entry.js";
import { parseEgress } from "../config/egress.js";
import { plainDiff } from "../render/diff.js";
import { getModels } from "../openrouter/api.js";
import { KEYS_PAGE } from "../openrouter/key.js";
import type { AppInstall } from "../platform/types.js";
import { lifecycleLines } from "../lifecycle/actions.js";
import { outputWidth, style, table, wrapHuman } from "../render/style.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import { writeSetup } from "./setup-write.js";
import { nextCommand } from "../platform/next-command.js";
import { checkEntryName, entryFromOptions } from "../config/entry-extras.js";
import { featureRows } from "../render/features.js";
import { plural } from "../i18n/phrase.js";
import { chooseKeyStorage } from "../keychain/choose.js";
import { keySource } from "../keychain/index.js";
import { KEY_LIMIT_RESETS } from "../openrouter/oauth.js";
import { checkWritable } from "../core/writable.js";
import { dirname } from "node:path";
import { currentChoices } from "../config/current-choices.js";
import { JsonReads } from "../config/json-reads.js";
import { answersFromOptions, checkEgress, type Answers, type Given } from "../config/setup-answers.js";
import { planSignIn, signInPlanLine, signInResult } from "../login/sign-in-plan.js";
import { printFound } from "../render/found.js";
import type { Command } from "commander";
import { entryOptions, type OptionKit, restartOptions } from "./option-groups.js";
import { describeChanges, keyAfterSignIn, plannedResult, type SetupResult } from "./setup-result.js";

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

type ParsedSetup = z.output<typeof SetupOptionsSchema>;

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
async function findMachine(
  ctx: Context,
  report: Report,
  reads: JsonReads,
): Promise<{ targets: ResolvedTargets; apps: AppInstall[]; wizard?: Wizard }> {
  const targets = await resolveTargets(ctx, reads);
  const apps = await targets.platform.findApps(ctx);
  const wizard = ctx.ui.interactive ? await import("../wizard/index.js") : undefined;
  if (wizard) await wizard.introduce(ctx, targets, apps, reads);
  else printFound(ctx, ctx.platform, apps[0], targets.dataDirs);
  if (apps.length === 0) report.warn("app.not-found", "warn.appNotFound");
  await guardManaged(ctx, report, apps[0]?.version ?? null);
  return { targets, apps, ...(wizard ? { wizard } : {}) };
}

export async function run(ctx: Context, raw: SetupOptions): Promise<Outcome<SetupResult>> {
  const options = parseOptions(SetupOptionsSchema, raw);
  const given = checkOptions(ctx, options);
  const report = new Report(ctx);
  // Our entry, _meta.json and state.json are read once for every answer below (and for the plan
  // of a dry run); only the plan under the lock reads them again (./setup-write.ts).
  const reads = new JsonReads(ctx);
  const found = await findMachine(ctx, report, reads);
  // A rerun starts from what the entry holds: only what was never chosen gets a default.
  const current = await currentChoices(ctx, found.targets.dataDirs, reads);
  const sources = { dataDirs: found.targets.dataDirs, current, reads };
  const answers: Answers = found.wizard
    ? await found.wizard.askSetup(ctx, report, options, given, sources)
    : await answersFromOptions(ctx, report, options, given, sources);
  const signIn = await planSignIn(ctx, report, options, { ...found.targets, reads }, answers);
  // The wizard read the catalogue for its own questions: labels and prices need it here.
  if (answers.models && !answers.catalogue && !options.skipKeyCheck)
    answers.catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  checkEgress(ctx, options, answers);
  const name = given.name ?? current?.name ?? DEFAULT_ENTRY_NAME;
  const pricing = options.pricing ?? current?.pricing ?? true;
  const attribution = options.attribution ?? current?.attribution ?? true;

  const settings = entryFromOptions(ctx, report, {
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
    reads,
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
  if (signIn) result.key.signIn = signInResult(signIn);
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

  // Steps 6 to 10: the plan, the confirmation, (a sign-in's key,) the quit, the write, the relaunch.
  const flow = await writeSetup(ctx, report, options, {
    found,
    answers,
    settings,
    name,
    pricesReadAt,
    keyStorage,
    signIn,
    reads,
  });
  if (!options.dryRun && flow.changes.length > 0) await (await import("../doctor/after-setup.js")).reportOfflineFindings(ctx, report);
  if (signIn) {
    result.key.signIn = signInResult(signIn);
    if (signIn.state !== "planned") keyAfterSignIn(result, answers);
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
