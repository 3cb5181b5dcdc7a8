// The models setup and export write: the ones asked for (checked), or the proposal.
import type { MessageKey, MessageParams } from "../i18n/catalogue.js";
import { modelNameProblem } from "./app-rules.js";
import { proposeModels, suggestModel, type ModelInfo } from "../openrouter/models.js";
import { ExitCode } from "../core/exit-codes.js";
import { day } from "../render/figures.js";
import { CliError, usageError } from "../core/errors.js";
import type { Report } from "../render/report.js";

/** The ids of --models (comma-separated, blanks dropped); undefined without it; `--models ""` is a usage error. */
export function parseModelsOption(value: string | undefined): string[] | undefined {
  const ids = value
    ?.split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  if (ids && ids.length === 0) throw usageError("error.modelsEmpty", {}, "hint.modelList");
  return ids;
}

/**
 * The hint for an id that is not usable: "did you mean …" with the closest id OpenRouter offers,
 * else an example from that list; without the list, where to see the ids.
 */
function modelHint(id: string, catalogue: ModelInfo[] | null): { hint: MessageKey; hintParams: MessageParams } {
  const suggestion = catalogue ? suggestModel(id, catalogue) : null;
  if (suggestion) return { hint: "hint.modelSuggest", hintParams: { suggestion } };
  const example = catalogue ? proposeModels(catalogue)[0] : undefined;
  return example ? { hint: "hint.modelListExample", hintParams: { example } } : { hint: "hint.modelList", hintParams: {} };
}

/**
 * Asked-for ids must pass the app's model-name rule (it drops a failing one) and, when
 * OpenRouter's list is known, be offered there with text output. Without ids, the
 * newest Sonnet, Opus and Haiku; without a list either, the caller's hint says what to pass.
 */
export function chooseModels(ids: string[] | undefined, catalogue: ModelInfo[] | null, report: Report, offlineHint: MessageKey): string[] {
  if (ids) {
    for (const id of ids) {
      const problem = modelNameProblem(id);
      const found = catalogue?.find((m) => m.id === id);
      if (!problem && (!catalogue || found?.outputsText)) {
        if (found?.expirationDate) report.warn("model.retiring", "warn.modelRetiring", { model: id, date: day(found.expirationDate) });
        continue;
      }
      const message = problem === "notAscii" ? "error.modelNotAscii" : problem ? "error.modelNotClaude" : "error.modelUnknown";
      throw new CliError({ code: "usage", exitCode: ExitCode.usage, message, params: { model: id }, ...modelHint(id, catalogue) });
    }
    return ids;
  }
  if (!catalogue) throw usageError("error.modelsNeeded", {}, offlineHint);
  const proposed = proposeModels(catalogue);
  if (proposed.length === 0) throw new CliError({ code: "models.none", message: "error.noClaudeModels", hint: "hint.noClaudeModels" });
  return proposed;
}
