// The wizard's steps, one function each, so each can be driven on its own in tests with injected
// prompts. Messages for people go to stderr; nothing here writes a file.
import { stripControls } from "../core/terminal-text.js";
import type { Context } from "../core/context.js";
import { CliError, isCliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import { acceptKey, pendingSignIn, resolveKey, type ResolvedKey } from "../config/api-key.js";
import type { ResolvedTargets } from "../config/targets.js";
import { inspectLibrary } from "../config/inspect.js";
import { DEV_HOSTS, ALLOW_ALL, parseHostList, type EgressChoice } from "../config/egress.js";
import { modelNameProblem } from "../config/app-rules.js";
import type { ModelEntry } from "../config/entry.js";
import { getKeyInfo, getModels, getUserModels, type KeyInfo } from "../openrouter/api.js";
import { checkKeyShape, cleanKey, KEYS_PAGE, maskKey } from "../openrouter/key.js";
import { keyVerdict } from "../openrouter/key-verdict.js";
import type { KeyLimitReset } from "../openrouter/oauth.js";
import type { CurrentChoices } from "../config/current-choices.js";
import { isDesktopUsable, newestFirst, proposeModels, tierOf, toModelEntries, type ModelInfo } from "../openrouter/models.js";
import type { AppInstall } from "../platform/types.js";
import { appLabel, contextLength, day, dirLabel, keyInfoRows, platformName, pricePerMillion } from "../render/figures.js";
import { displayWidth, outputWidth, style, table, wrapHuman } from "../render/style.js";
import type { Prompts } from "./prompts.js";
import { type MessageKey, sentences } from "../i18n/catalogue.js";

export const PRIVACY_PAGE = "https://openrouter.ai/settings/privacy";

export interface StepIo {
  ctx: Context;
  report: Report;
  prompts: Prompts;
}

/** A message for people on stderr, wrapped to the terminal (marks and indents hang). */
function say(ctx: Context, text = ""): void {
  ctx.streams.stderr.write(`${wrapHuman(text, outputWidth(ctx))}\n`);
}

/** Step 1: what will happen, and that nothing is written before the user confirms. */
export function header(ctx: Context): void {
  const s = style(ctx);
  say(ctx, s.bold(ctx.ui.t("wizard.title")));
  say(ctx, ctx.ui.t("wizard.intro"));
  say(ctx, s.dim(ctx.ui.t("wizard.cancelHint")));
  say(ctx);
}

/** Step 2: platform, the app (or its absence), the config directories and the entries found. */
export async function found(ctx: Context, targets: Pick<ResolvedTargets, "dataDirs">, apps: AppInstall[]): Promise<void> {
  const t = ctx.ui.t;
  const s = style(ctx);
  const app = apps[0];
  const rows: [string, string][] = [
    [t("label.platform"), platformName(ctx.platform)],
    [t("label.app"), app ? appLabel(app) : s.warn(t("value.appNotFound"))],
  ];
  for (const dir of targets.dataDirs) {
    rows.push([t("label.configDir"), dirLabel(ctx, dir)]);
    const view = await inspectLibrary(ctx, dir).catch(() => undefined);
    if (!view) continue;
    const ours = view.entries.find((e) => e.ours);
    if (view.applied?.ours)
      rows.push([t("wizard.found.entry"), t("wizard.found.oursApplied", { name: ours?.name || view.applied.name || "OpenRouter" })]);
    else if (ours) rows.push([t("wizard.found.entry"), t("wizard.found.oursNotApplied", { name: ours.name || "OpenRouter" })]);
    else rows.push([t("wizard.found.entry"), t("wizard.found.noEntry")]);
    if (view.applied && !view.applied.ours) {
      rows.push([t("wizard.found.applied"), s.warn(t("wizard.found.otherApplied", { name: view.applied.name ?? view.applied.id }))]);
    }
  }
  say(ctx, `${s.bold(t("setup.found"))}\n${table(rows, "  ", 0, outputWidth(ctx))}\n`);
}

/**
 * The shape problem of a typed key, as the prompt's validation message (nothing is sent), with
 * advice for someone at the prompt rather than for a command line.
 */
export function shapeProblem(ctx: Context, raw: string): true | string {
  try {
    checkKeyShape(cleanKey(raw));
    return true;
  } catch (error) {
    if (!isCliError(error)) throw error;
    return sentences(ctx.ui.t(error.messageKey, error.params), ctx.ui.t("wizard.key.pasteHint"));
  }
}

export interface KeyStepOptions {
  apiKeyFile?: string | undefined;
  apiKey?: string | undefined;
  skipKeyCheck?: boolean;
  /** --login: sign in straight away instead of asking how to connect. */
  login?: boolean;
  /** false (--no-browser): signing in shows a code to paste instead of opening a browser here. */
  browser?: boolean;
  /** The key our entry already holds: offered first, as the default. */
  currentKey?: string | undefined;
  /** --key-limit given: the cap of a key sign-in creates; otherwise the wizard asks. */
  cap?: { limit?: number; reset?: KeyLimitReset };
}

type Way = "keep" | "login" | "headless" | "paste";

/** The masked prompt for a key, with where keys come from said first. */
async function pasteKey(io: StepIo): Promise<ResolvedKey> {
  const { ctx, report, prompts } = io;
  say(ctx, style(ctx).dim(ctx.ui.t("wizard.key.where", { url: KEYS_PAGE })));
  const raw = await prompts.password({
    message: ctx.ui.t("wizard.key.prompt"),
    mask: "*",
    toggleMask: false,
    validate: (value) => shapeProblem(ctx, value),
  });
  return acceptKey(ctx, report, raw, "prompt");
}

/**
 * "How do you want to connect?": keep the current key (when there is one; the default), sign in
 * in the browser (recommended), sign in from another device, or paste a key. A sign-in that fails
 * says why and asks again.
 */
async function connect(io: StepIo, currentKey: string | undefined, browser: boolean, cap: KeyStepOptions["cap"]): Promise<ResolvedKey> {
  const { ctx, report, prompts } = io;
  const t = ctx.ui.t;
  const choices = [
    ...(currentKey
      ? [
          {
            value: "keep" as Way,
            name: t("wizard.connect.keep", { masked: maskKey(currentKey) }),
            description: t("wizard.connect.keepHelp"),
          },
        ]
      : []),
    ...(browser ? [{ value: "login" as Way, name: t("wizard.connect.login"), description: t("wizard.connect.loginHelp") }] : []),
    { value: "headless" as Way, name: t("wizard.connect.headless"), description: t("wizard.connect.headlessHelp") },
    { value: "paste" as Way, name: t("wizard.connect.paste"), description: t("wizard.connect.pasteHelp") },
  ];
  const way = await prompts.select<Way>({ message: t("wizard.connect.message"), choices, default: choices[0]!.value });
  if (way === "keep" && currentKey) return acceptKey(ctx, report, currentKey, "config");
  if (way === "paste") return pasteKey(io);
  // Sign-in comes after the plan is confirmed: here it is only chosen, with its cap.
  return pendingSignIn({ browser: way === "login", ...(cap ?? (await askCap(io))) });
}

/** The spending cap of the key sign-in will create: an amount (empty: none) and when it starts again. */
async function askCap(io: StepIo): Promise<{ limit?: number; reset?: KeyLimitReset }> {
  const t = io.ctx.ui.t;
  const text = await io.prompts.input({
    message: t("wizard.cap.prompt"),
    validate: (value) =>
      value.trim() === "" || (Number(value.trim()) > 0 && Number.isFinite(Number(value.trim()))) || t("wizard.cap.invalid"),
  });
  if (text.trim() === "") return {};
  const reset = await io.prompts.select<KeyLimitReset>({
    message: t("wizard.cap.reset"),
    choices: (["monthly", "weekly", "daily", "never"] as const).map((value) => ({ value, name: t(`setup.signInReset.${value}`) })),
    default: "monthly",
  });
  return { limit: Number(text.trim()), reset };
}

/**
 * Step 3: the key. Key options are taken as given and --login signs in at once; a key in
 * OPENROUTER_API_KEY is offered (masked) with a confirm; otherwise the user chooses how to connect.
 * The key check runs with a spinner; a rejected key shows the reason and the keys page, and the
 * user may connect with another one.
 */
export async function keyStep(io: StepIo, options: KeyStepOptions = {}): Promise<{ key: ResolvedKey; info: KeyInfo | null }> {
  const { ctx, report, prompts } = io;
  const t = ctx.ui.t;
  const s = style(ctx);
  const fromOptions = options.apiKeyFile !== undefined || options.apiKey !== undefined;
  const browser = options.browser !== false;
  let currentKey = options.currentKey;
  let pending: ResolvedKey | undefined;
  if (fromOptions) {
    pending = await resolveKey(ctx, report, options);
  } else if (options.login) {
    pending = pendingSignIn({ browser, ...(options.cap ?? (await askCap(io))) });
  } else if (ctx.env.OPENROUTER_API_KEY) {
    const envKey = cleanKey(ctx.env.OPENROUTER_API_KEY);
    ctx.secrets.add(envKey);
    if (await prompts.confirm({ message: t("wizard.key.useEnv", { masked: maskKey(envKey) }), default: true })) {
      const problem = shapeProblem(ctx, envKey);
      if (problem === true) pending = await resolveKey(ctx, report, {});
      else say(ctx, `${s.symbols.error} ${problem}`);
    }
  }
  for (;;) {
    pending ??= await connect(io, currentKey, browser, options.cap);
    const key = pending;
    // A key sign-in will create is checked once it exists, after the plan is confirmed.
    if (key.signIn) return { key, info: null };
    if (options.skipKeyCheck) {
      report.warn("key.not-checked", "warn.keyNotChecked");
      return { key, info: null };
    }
    try {
      const info = await report.step("step.checkKey", () => getKeyInfo(ctx, key.key));
      // Refused first; its warnings (a cap used up, say) after "accepted", in the order things are known.
      const warnings: Parameters<Report["warn"]>[] = [];
      keyVerdict(ctx, info, { warn: (...args) => void warnings.push(args) });
      say(ctx, `${s.symbols.ok} ${t("wizard.key.accepted")}`);
      say(ctx, table(keyInfoRows(ctx, info, maskKey(key.key), ctx.clock.now()), "  ", 0, outputWidth(ctx)));
      for (const args of warnings) report.warn(...args);
      say(ctx);
      return { key, info };
    } catch (error) {
      if (isCliError(error) && error.code.startsWith("network.")) {
        // Like a rejected key: nothing is written; try again, another key, or stop.
        say(ctx, `${s.symbols.error} ${t(error.messageKey, error.params)}`);
        if (error.hintKey) say(ctx, `  ${t(error.hintKey, error.hintParams)}`);
        say(ctx, `  ${t("wizard.net.nothingWritten")}`);
        const next = await prompts.select<"retry" | "other" | "stop">({
          message: t("wizard.net.message"),
          choices: [
            { value: "retry", name: t("wizard.net.retry") },
            ...(fromOptions ? [] : [{ value: "other" as const, name: t("wizard.net.anotherKey") }]),
            { value: "stop", name: t("wizard.net.stop") },
          ],
          default: "retry",
        });
        if (next === "stop") throw error;
        if (next === "other") {
          if (key.source === "config") currentKey = undefined;
          pending = undefined;
        }
        continue;
      }
      if (!isCliError(error) || error.exitCode !== ExitCode.keyRejected) throw error;
      say(ctx, `${s.symbols.error} ${t(error.messageKey, error.params)}`);
      say(ctx, `  ${t("wizard.key.newKeyAt", { url: KEYS_PAGE })}`);
      if (fromOptions || !(await prompts.confirm({ message: t("wizard.key.tryAnother"), default: true }))) throw error;
      if (key.source === "config") currentKey = undefined;
      pending = undefined;
    }
  }
}

/** One aligned line per model for the picker: id, context, $/M prompt and completion, notes. */
export function modelChoiceNames(ctx: Context, models: ModelInfo[], unreachable: Set<string>): string[] {
  const t = ctx.ui.t;
  // Ids come from OpenRouter: shown without control characters (the value chosen stays the id itself).
  const ids = models.map((m) => stripControls(m.id));
  const idWidth = Math.max(0, ...ids.map(displayWidth));
  const ctxTexts = models.map((m) => t("wizard.models.context", { context: contextLength(m.contextLength) }));
  const ctxWidth = Math.max(0, ...ctxTexts.map(displayWidth));
  return models.map((m, i) => {
    const notes: string[] = [];
    if (m.expirationDate) notes.push(t("wizard.models.retiring", { date: day(m.expirationDate) }));
    if (unreachable.has(m.id)) notes.push(t("wizard.models.unreachableMark"));
    const ctxText = ctxTexts[i] ?? "";
    const price = t("wizard.models.price", {
      prompt: pricePerMillion(m.promptPerMillion),
      completion: pricePerMillion(m.completionPerMillion),
    });
    const id = ids[i] ?? "";
    return `${id}${" ".repeat(idWidth - displayWidth(id))}  ${ctxText}${" ".repeat(ctxWidth - displayWidth(ctxText))}  ${price}${notes.length ? `  (${notes.join(", ")})` : ""}`;
  });
}

/**
 * Step 4: the models. Pick now (a multi-select, newest first, newest Opus/Sonnet/Haiku checked)
 * and then the default (Sonnet preselected), or let Claude Desktop discover them.
 */
export async function modelsStep(io: StepIo, key: string | null, current: CurrentChoices | null = null): Promise<ModelEntry[] | null> {
  const { ctx, report, prompts } = io;
  const t = ctx.ui.t;
  const s = style(ctx);
  const catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  const usable = newestFirst(catalogue.filter(isDesktopUsable));
  if (usable.length === 0) throw new CliError({ code: "models.none", message: "error.noClaudeModels", hint: "hint.noClaudeModels" });
  let unreachable = new Set<string>();
  if (key !== null) {
    try {
      const allowed = await report.step("step.fetchUserModels", () => getUserModels(ctx, key));
      const ids = new Set(allowed.map((m) => m.id));
      unreachable = new Set(usable.filter((m) => !ids.has(m.id)).map((m) => m.id));
    } catch (error) {
      report.verbose(`models/user: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (unreachable.size > 0) {
    say(
      ctx,
      `${s.symbols.warn} ${t("wizard.models.unreachable", { count: unreachable.size, models: [...unreachable].join(", "), url: PRIVACY_PAGE })}`,
    );
  }
  // A rerun preselects what the entry holds (discovery included); a first run, the proposal.
  const discoverNow = current !== null && current.models === null;
  if (!(await modelsNowOrDiscover(io, "wizard.models.how", "wizard.models.pick", "wizard.models.pickHelp", discoverNow))) return null;
  const proposed = current?.models ?? proposeModels(catalogue);
  const names = modelChoiceNames(ctx, usable, unreachable);
  const chosen = await prompts.checkbox<string>({
    message: t("wizard.models.choose"),
    choices: usable.map((m, i) => ({ value: m.id, name: names[i] ?? "", short: stripControls(m.id), checked: proposed.includes(m.id) })),
    pageSize: 12,
    validate: (selected) => selected.length > 0 || t("wizard.models.atLeastOne"),
  });
  const ordered = usable.filter((m) => chosen.includes(m.id));
  let defaultId = ordered[0]?.id ?? chosen[0]!;
  if (ordered.length > 1) {
    const sonnet = ordered.find((m) => tierOf(m.id) === "sonnet")?.id;
    const rows = table(
      ordered.map((m): [string, string] => [stripControls(m.id), s.dim(stripControls(m.name))]),
      "",
    ).split("\n");
    defaultId = await prompts.select<string>({
      message: t("wizard.models.default"),
      choices: ordered.map((m, i) => ({ value: m.id, name: rows[i] ?? stripControls(m.id), short: stripControls(m.id) })),
      default: (current?.models ? undefined : sonnet) ?? proposed.find((id) => chosen.includes(id)) ?? defaultId,
    });
  }
  for (const m of ordered)
    if (m.expirationDate) report.warn("model.retiring", "warn.modelRetiring", { model: m.id, date: day(m.expirationDate) });
  return toModelEntries([defaultId, ...ordered.map((m) => m.id).filter((id) => id !== defaultId)]);
}

/**
 * Asks whether to name the models now (the way the caller offers) or let Claude Desktop
 * discover them; true for now. Discovery is noted as a warning in the report.
 */
async function modelsNowOrDiscover(
  io: StepIo,
  message: MessageKey,
  now: MessageKey,
  nowHelp: MessageKey,
  discoverNow = false,
): Promise<boolean> {
  const t = io.ctx.ui.t;
  const how = await io.prompts.select<"now" | "discover">({
    message: t(message),
    choices: [
      { value: "now", name: t(now), description: t(nowHelp) },
      { value: "discover", name: t("wizard.models.discover"), description: t("warn.discovery") },
    ],
    default: discoverNow ? "discover" : "now",
  });
  if (how === "discover") io.report.warn("models.discovery", "warn.discovery");
  return how === "now";
}

/** Splits a typed model list: ids in order, without repeats. */
export function parseModelList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * Step 4 without the key check (--skip-key-check): no list to pick from, so the ids are typed
 * (each must be Claude-named, or the app rejects the whole configuration) or left to discovery.
 */
export async function offlineModelsStep(io: StepIo): Promise<ModelEntry[] | null> {
  const { ctx, prompts } = io;
  const t = ctx.ui.t;
  if (!(await modelsNowOrDiscover(io, "wizard.models.offlineHow", "wizard.models.type", "wizard.models.typeHelp"))) return null;
  const text = await prompts.input({
    message: t("wizard.models.typePrompt"),
    validate: (value) => {
      const ids = parseModelList(value);
      const wrong = ids.find((id) => modelNameProblem(id) !== null);
      if (wrong)
        return sentences(
          t(modelNameProblem(wrong) === "notAscii" ? "error.modelNotAscii" : "error.modelNotClaude", { model: wrong }),
          t("hint.modelList"),
        );
      return ids.length > 0 || t("wizard.models.typeAtLeastOne");
    },
  });
  return toModelEntries(parseModelList(text));
}

/** Asks to confirm "*" after saying that it turns the network sandbox off. */
export async function confirmAllowAll(io: StepIo): Promise<boolean> {
  const { ctx, prompts } = io;
  say(ctx, `${style(ctx).symbols.warn} ${ctx.ui.t("warn.egressAll")}`);
  return prompts.confirm({ message: ctx.ui.t("wizard.egress.confirmAll"), default: false });
}

/** Step 5: the sandbox egress hosts: the dev preset (shown), none, all (confirmed), or custom. */
export async function egressStep(io: StepIo, current?: string[]): Promise<EgressChoice> {
  const { ctx, prompts } = io;
  const t = ctx.ui.t;
  // A rerun keeps the list exactly as it is unless the user picks another.
  const keep =
    current !== undefined
      ? [{ value: "keep" as const, name: t("wizard.egress.keep"), description: current.length > 0 ? current.join(", ") : t("value.none") }]
      : [];
  for (;;) {
    const choice = await prompts.select<"keep" | "dev" | "none" | "all" | "custom">({
      message: t("wizard.egress.message"),
      default: keep.length > 0 ? "keep" : "dev",
      choices: [
        ...keep,
        { value: "dev", name: t("wizard.egress.dev"), description: DEV_HOSTS.join(", ") },
        { value: "none", name: t("wizard.egress.none"), description: t("wizard.egress.noneHelp") },
        { value: "all", name: t("wizard.egress.all"), description: t("warn.egressAll") },
        { value: "custom", name: t("wizard.egress.custom"), description: t("wizard.egress.hostsHint") },
      ],
    });
    if (choice === "keep") return { hosts: [...(current ?? [])], allowAll: (current ?? []).includes(ALLOW_ALL) };
    if (choice === "dev") return { hosts: [...DEV_HOSTS], allowAll: false };
    if (choice === "none") return { hosts: [], allowAll: false };
    if (choice === "all") {
      if (await confirmAllowAll(io)) return { hosts: [ALLOW_ALL], allowAll: true };
      continue;
    }
    const text = await prompts.input({
      message: t("wizard.egress.customPrompt"),
      validate: (value) => {
        const parsed = parseHostList(value);
        if ("invalid" in parsed)
          return sentences(
            t("error.egressInvalid", { host: parsed.invalid, reason: t(`rules.egressReason.${parsed.reason}`) }),
            t("wizard.egress.hostsHint"),
          );
        return parsed.hosts.length > 0 || t("wizard.egress.atLeastOne");
      },
    });
    const parsed = parseHostList(text);
    if ("hosts" in parsed) return { hosts: parsed.hosts, allowAll: false };
  }
}
