// The interactive setup: header, what was found, key, models, egress. It only gathers answers;
// `setup` then shows the plan and diff, asks for confirmation and writes, as without the wizard.
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import { currentEntryKey, type ResolvedKey } from "../config/api-key.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { EgressChoice } from "../config/egress.js";
import type { ModelEntry } from "../config/entry.js";
import type { KeyInfo } from "../openrouter/api.js";
import type { KeyLimitReset } from "../openrouter/oauth.js";
import type { CurrentChoices } from "../config/current-choices.js";
import type { AppInstall, DataDir } from "../platform/types.js";
import { loadPrompts, type Prompts } from "./prompts.js";
import { confirmAllowAll, egressStep, found, header, keyStep, modelsStep, offlineModelsStep } from "./steps.js";

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

/** Header and what was found; shown before any question. */
export async function introduce(ctx: Context, targets: Pick<ResolvedTargets, "dataDirs">, apps: AppInstall[]): Promise<void> {
  header(ctx);
  await found(ctx, targets, apps);
}

/** Asks what the options did not already answer. Ctrl-C anywhere rejects with ExitPromptError. */
export async function ask(ctx: Context, report: Report, input: WizardInput, prompts?: Prompts): Promise<WizardAnswers> {
  const io = { ctx, report, prompts: prompts ?? (await loadPrompts(ctx)) };
  const asksHow = input.apiKeyFile === undefined && input.apiKey === undefined && !input.login;
  const currentKey = asksHow && input.dataDirs ? await currentEntryKey(ctx, input.dataDirs) : undefined;
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
