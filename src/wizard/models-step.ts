// Step 4: the models, picked from OpenRouter's list (or typed without the key check), or left to
// Claude Desktop's discovery.
import { stripControls } from "../core/terminal-text.js";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { modelNameProblem } from "../config/app-rules.js";
import type { CurrentChoices } from "../config/current-choices.js";
import type { ModelEntry } from "../config/entry.js";
import { getModels, getUserModels } from "../openrouter/api.js";
import { isDesktopUsable, newestFirst, proposeModels, tierOf, toModelEntries, type ModelInfo } from "../openrouter/models.js";
import { contextLength, day, pricePerMillion } from "../render/figures.js";
import { displayWidth, style, table } from "../render/style.js";
import { type MessageKey, sentences } from "../i18n/catalogue.js";
import { say, type StepIo } from "./io.js";

export const PRIVACY_PAGE = "https://openrouter.ai/settings/privacy";

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
