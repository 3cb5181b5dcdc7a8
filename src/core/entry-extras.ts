// What setup and export add to the models they pin, from OpenRouter's catalogue: readable
// labels, the 1M flag and the price rows of the app's cost estimates. Without the catalogue
// (--skip-key-check) none of it is written, and the run says so.
import type { EntrySettings, ModelEntry, PricingRow } from "../config/entry.js";
import { hasControlOrBidi, labelProblem } from "../config/app-rules.js";
import { describeModels, pricingRows, type ModelInfo } from "../openrouter/models.js";
import type { Context } from "./context.js";
import { usageError } from "./errors.js";
import type { Report } from "./report.js";

export interface Extras {
  models: ModelEntry[] | null;
  /** null: cost estimates off (turned off, nothing pinned, or no catalogue). */
  pricing: PricingRow[] | null;
}

function entryExtras(report: Report, input: { models: ModelEntry[] | null; catalogue: ModelInfo[] | null; pricing: boolean }): Extras {
  const { models, catalogue } = input;
  if (!models) {
    if (input.pricing) report.warn("pricing.discovery", "warn.pricingDiscovery");
    return { models, pricing: null };
  }
  if (!catalogue) {
    report.warn("entry.no-catalogue", "warn.noCatalogue");
    return { models, pricing: null };
  }
  const described = describeModels(models, catalogue);
  if (!input.pricing) return { models: described, pricing: null };
  const { rows, unpriced } = pricingRows(
    models.map((m) => m.name),
    catalogue,
  );
  if (unpriced.length > 0) report.warn("pricing.unpriced", "warn.unpriced", { models: unpriced.join(", ") });
  return { models: described, pricing: rows.length > 0 ? rows : null };
}

/** The whole entry setup and export write, the extras included (the run says what it leaves out). */
export function entrySettings(
  report: Report,
  input: Omit<EntrySettings, "models" | "pricing"> & { models: ModelEntry[] | null; catalogue: ModelInfo[] | null; pricing: boolean },
): EntrySettings & Extras {
  const { catalogue, pricing, ...settings } = input;
  return { ...settings, ...entryExtras(report, { models: input.models, catalogue, pricing }) };
}

/** Control and bidi characters shown as \u{…}, so an error message cannot garble the terminal. */
export function visible(text: string): string {
  return [...text].map((c) => (hasControlOrBidi(c) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join("");
}

/** The entry name as the app lists it: trimmed, 1–60 characters, no control or bidi characters. */
export function checkEntryName(ctx: Context, name: string): string {
  const problem = labelProblem(name);
  if (problem) throw usageError("error.nameInvalid", { name: visible(name), reason: ctx.ui.t(`error.nameReason.${problem}`) }, "hint.name");
  return name.trim();
}
