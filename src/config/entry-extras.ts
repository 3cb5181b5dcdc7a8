// The one place options become the entry's settings, for setup, export and team provision alike:
// the models pinned (or discovery), the egress hosts, and what is added to the models from
// OpenRouter's catalogue: readable labels, the 1M flag and the price rows of the app's cost
// estimates. Without the catalogue (--skip-key-check) none of that is written, and the run says so.
import type { EntrySettings, ModelEntry, PricingRow } from "./entry.js";
import { hasControlOrBidi, labelProblem } from "./app-rules.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { describeModels, pricingRows, toModelEntries, type ModelInfo } from "../openrouter/models.js";
import type { Context } from "../core/context.js";
import { usageError } from "../core/errors.js";
import type { Report } from "../render/report.js";
import type { EgressChoice } from "./egress.js";
import { chooseModels } from "./model-choice.js";

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

/**
 * The models the entry pins: the asked-for ids (checked) or the proposal; null with discovery
 * (said). `offlineHint`: what to pass when there is no catalogue to propose from.
 */
export function pinnedModels(
  report: Report,
  input: { ids: string[] | undefined; catalogue: ModelInfo[] | null; discover: boolean; offlineHint: MessageKey },
): ModelEntry[] | null {
  if (input.discover) {
    report.warn("models.discovery", "warn.discovery");
    return null;
  }
  return toModelEntries(chooseModels(input.ids, input.catalogue, report, input.offlineHint));
}

export interface EntryOptions {
  apiKey: string;
  models: ModelEntry[] | null;
  catalogue: ModelInfo[] | null;
  egress: EgressChoice;
  pricing: boolean;
  attribution: boolean;
  gatewayOnly: boolean | undefined;
}

/**
 * The whole entry setup, export and team provision write, the extras included (the run says what
 * it leaves out), against the gateway this run uses. "*" in the egress hosts is always said.
 */
export function entryFromOptions(ctx: Context, report: Report, input: EntryOptions): EntrySettings & Extras {
  const { egress, catalogue, pricing, ...settings } = input;
  if (egress.allowAll) report.warn("egress.all", "warn.egressAll");
  return {
    ...settings,
    baseUrl: ctx.settings.baseUrl,
    egressHosts: egress.hosts,
    ...entryExtras(report, { models: input.models, catalogue, pricing }),
  };
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
