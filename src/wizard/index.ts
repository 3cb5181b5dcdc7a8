// The interactive setup: header, what was found, key, models, egress. It only gathers answers;
// `setup` then shows the plan and diff, asks for confirmation and writes, as without the wizard.
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import { currentEntryKey, type ResolvedKey } from "../config/api-key.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { JsonReads } from "../config/json-reads.js";
import type { EgressChoice } from "../config/egress.js";
import type { ModelEntry } from "../config/entry.js";
import { getModels, type KeyInfo } from "../openrouter/api.js";
import { chooseModels } from "../config/model-choice.js";
import { toModelEntries, type ModelInfo } from "../openrouter/models.js";
import { type AnswerOptions, type Answers, type AnswerSources, capOption, type Given } from "../config/setup-answers.js";
import type { KeyLimitReset } from "../openrouter/oauth.js";
import type { CurrentChoices } from "../config/current-choices.js";
import type { AppInstall, DataDir } from "../platform/types.js";
import { loadPrompts, type Prompts } from "./prompts.js";
import { confirmAllowAll, egressStep } from "./egress-step.js";
import { found, header } from "./intro.js";
import { keyStep } from "./key-step.js";
import { modelsStep, offlineModelsStep } from "./models-step.js";

export interface WizardAnswers {
  key: ResolvedKey;
  info: KeyInfo | null;
  /** null: Claude Desktop discovers the models. */
  models: ModelEntry[] | null;
  egress: EgressChoice;
}

export interface WizardInput {
  apiKeyFile?: string | undefined;
  apiKey?: string | undefined;
  /** --login: sign in at once (browser false: --no-browser, the variant with a pasted code). */
  login?: boolean;
  browser?: boolean;
  /** Where our entry may already hold a key worth keeping. */
  dataDirs?: DataDir[];
  /** The run's reads of our entry (read once for every answer). */
  reads?: JsonReads;
  skipKeyCheck: boolean;
  discoverModels: boolean;
  /** --models given: validated and turned into entries by setup's own rules. */
  pinnedModels?: ((info: KeyInfo | null) => Promise<ModelEntry[]>) | undefined;
  /** --egress given: no egress question (only the confirmation for "*"). */
  egress?: EgressChoice | undefined;
  /** What our entry holds now: preselected, so pressing Enter through a rerun changes nothing. */
  current?: CurrentChoices | null;
  /** --key-limit given: the cap of a key sign-in creates (not asked then). */
  cap?: { limit?: number; reset?: KeyLimitReset };
}

/** Header and what was found; shown before any question. `reads`: the run's reads of _meta.json. */
export async function introduce(
  ctx: Context,
  targets: Pick<ResolvedTargets, "dataDirs">,
  apps: AppInstall[],
  reads?: JsonReads,
): Promise<void> {
  header(ctx);
  await found(ctx, targets, apps, reads);
}

/** Asks what the options did not already answer. Ctrl-C anywhere rejects with ExitPromptError. */
export async function ask(ctx: Context, report: Report, input: WizardInput, prompts?: Prompts): Promise<WizardAnswers> {
  const io = { ctx, report, prompts: prompts ?? (await loadPrompts(ctx)) };
  const asksHow = input.apiKeyFile === undefined && input.apiKey === undefined && !input.login;
  const currentKey = asksHow && input.dataDirs ? await currentEntryKey(ctx, input.dataDirs, input.reads) : undefined;
  const { key, info } = await keyStep(io, { ...input, currentKey, ...(input.cap ? { cap: input.cap } : {}) });
  const current = input.current ?? null;
  let models: ModelEntry[] | null;
  if (input.pinnedModels) models = await input.pinnedModels(info);
  else if (input.discoverModels) {
    report.warn("models.discovery", "warn.discovery");
    models = null;
  } else if (input.skipKeyCheck) models = await offlineModelsStep(io);
  // A key sign-in has yet to create cannot be asked which models it reaches.
  else models = await modelsStep(io, key.signIn ? null : key.key, current);
  let egress = input.egress;
  if (egress?.allowAll && !(await confirmAllowAll(io))) egress = undefined;
  if (!egress) egress = await egressStep(io, current?.egress);
  return { key, info, models, egress };
}

/** Setup's steps 3 to 5 as questions: the wizard asks what the options did not answer. */
export async function askSetup(
  ctx: Context,
  report: Report,
  options: AnswerOptions,
  given: Given,
  sources: AnswerSources,
): Promise<Answers> {
  let catalogue: ModelInfo[] | null = null;
  const { modelIds } = given;
  const asked = await ask(ctx, report, {
    apiKeyFile: options.apiKeyFile,
    apiKey: options.apiKey,
    login: options.login,
    browser: options.browser,
    dataDirs: sources.dataDirs,
    ...(sources.reads ? { reads: sources.reads } : {}),
    skipKeyCheck: options.skipKeyCheck,
    discoverModels: options.discoverModels,
    pinnedModels: modelIds
      ? async (checked) => {
          if (checked) catalogue = await report.step("step.fetchModels", () => getModels(ctx));
          return toModelEntries(chooseModels(modelIds, catalogue, report, "hint.modelsNeeded"));
        }
      : undefined,
    egress: options.egress.length > 0 ? given.egress : undefined,
    current: sources.current,
    ...(options.keyLimit !== undefined ? { cap: capOption(options) } : {}),
  });
  return { key: asked.key, info: asked.info, models: asked.models, catalogue, egress: asked.egress, asked: true };
}
