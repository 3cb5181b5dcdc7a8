// Setup's answers from its options: the key (signed in, or from a file, an option, the
// environment or the entry), checked unless --skip-key-check, the models and the egress hosts.
// A rerun starts from what the entry holds (./current-choices.ts): only what was never chosen
// gets a default. The wizard's way to the same answers is askSetup (../wizard/index.ts).
import type { Context } from "../core/context.js";
import { usageError } from "../core/errors.js";
import { getKeyInfo, getModels, type KeyInfo } from "../openrouter/api.js";
import { keyVerdict } from "../openrouter/key-verdict.js";
import type { ModelInfo } from "../openrouter/models.js";
import type { KeyLimitReset } from "../openrouter/oauth.js";
import type { DataDir } from "../platform/types.js";
import type { Report } from "../render/report.js";
import { acceptKey, currentEntryKey, pendingSignIn, resolveKey, type ResolvedKey } from "./api-key.js";
import type { CurrentChoices } from "./current-choices.js";
import { ALLOW_ALL, type EgressChoice } from "./egress.js";
import type { ModelEntry } from "./entry.js";
import { pinnedModels } from "./entry-extras.js";
import type { JsonReads } from "./json-reads.js";

/** What setup's options say about the answers (its parsed options are one). */
export interface AnswerOptions {
  apiKeyFile?: string | undefined;
  apiKey?: string | undefined;
  login: boolean;
  browser: boolean;
  skipKeyCheck: boolean;
  discoverModels: boolean;
  dryRun: boolean;
  /** The --egress values as given (none: the entry's hosts on a rerun). */
  egress: string[];
  keyLimit?: string | undefined;
  keyLimitReset?: KeyLimitReset | undefined;
}

/** What the options say before anything is read: the entry's name, the asked-for models and egress hosts. */
export interface Given {
  name: string | undefined;
  modelIds: string[] | undefined;
  egress: EgressChoice;
}

/** Where the answers come from: the machine's data directories, the entry now, the run's reads. */
export interface AnswerSources {
  dataDirs: DataDir[];
  current: CurrentChoices | null;
  reads?: JsonReads;
}

/** The answers the entry is built from. */
export interface Answers {
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

/** --key-limit and --key-limit-reset as the sign-in's cap. */
export function capOption(options: Pick<AnswerOptions, "keyLimit" | "keyLimitReset">): { limit?: number; reset?: KeyLimitReset } {
  if (options.keyLimit === undefined) return {};
  return { limit: Number(options.keyLimit), reset: options.keyLimitReset ?? "monthly" };
}

/**
 * Steps 3 and 4 from the options: the key (signed in, or from a file, an option or the
 * environment), checked unless --skip-key-check, and the models: --models (checked against
 * OpenRouter's list when it was read), the proposal, or discovery. The model list does not
 * depend on the key's answer, so both requests go out at once.
 */
export async function answersFromOptions(
  ctx: Context,
  report: Report,
  options: AnswerOptions,
  given: Given,
  sources: AnswerSources,
): Promise<Answers> {
  const { current } = sources;
  const key = options.login
    ? pendingSignIn({ browser: options.browser, ...capOption(options) })
    : await keyFromOptions(ctx, report, options, sources);
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

/**
 * The key from the options or the environment; with none of them, the key our entry holds now
 * (a rerun with --yes keeps it, as the wizard's default does).
 */
async function keyFromOptions(ctx: Context, report: Report, options: AnswerOptions, sources: AnswerSources): Promise<ResolvedKey> {
  if (options.apiKeyFile === undefined && options.apiKey === undefined && !ctx.env.OPENROUTER_API_KEY) {
    const current = await currentEntryKey(ctx, sources.dataDirs, sources.reads);
    if (current) return acceptKey(ctx, report, current, "config");
  }
  return resolveKey(ctx, report, options);
}

/**
 * Step 5's last word: "*" turns the network sandbox off, so without the wizard's confirmation
 * it needs --yes (or a dry run); it is always said (entryFromOptions).
 */
export function checkEgress(ctx: Context, options: Pick<AnswerOptions, "dryRun">, answers: Answers): void {
  if (answers.egress.allowAll && !ctx.ui.yes && !options.dryRun && !answers.asked)
    throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");
}
