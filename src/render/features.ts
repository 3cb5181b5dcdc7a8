// What an entry turns on besides the connection, in words: cost estimates (and the day of the
// prices), attribution, 1M context, the Claude.ai sign-in. Shared by setup, show and status.
import type { Context } from "../core/context.js";
import type { EntryFeatures } from "../config/entry.js";
import { plural } from "../i18n/phrase.js";

/** The same facts whether they come from setup's choices or from an entry on disk. */
export interface FeatureFacts {
  pricing: { models: string[]; readAt: string | null } | null;
  attribution: boolean;
  millionContext: string[];
  /** null: not known or left as it was (no row). */
  gatewayOnly: boolean | null;
}

export function factsOf(features: EntryFeatures, pricesReadAt: string | null): FeatureFacts {
  return {
    pricing: features.costEstimates ? { models: features.pricedModels, readAt: pricesReadAt } : null,
    attribution: features.attribution,
    millionContext: features.millionContext,
    gatewayOnly: features.gatewayOnly,
  };
}

export function featureRows(ctx: Context, facts: FeatureFacts): [string, string][] {
  const t = ctx.ui.t;
  const p = facts.pricing;
  const rows: [string, string][] = [
    [
      t("label.costEstimates"),
      !p
        ? t("entry.costOff")
        : p.readAt
          ? t(plural("entry.costOn", p.models.length, { date: p.readAt }))
          : t(plural("entry.costOnUndated", p.models.length)),
    ],
    [t("label.attribution"), facts.attribution ? t("entry.attributionOn") : t("entry.attributionOff")],
    [t("label.millionContext"), facts.millionContext.length > 0 ? facts.millionContext.join(", ") : t("value.none")],
  ];
  if (facts.gatewayOnly !== null) rows.push([t("label.signIn"), facts.gatewayOnly ? t("entry.signInHidden") : t("entry.signInShown")]);
  return rows;
}
