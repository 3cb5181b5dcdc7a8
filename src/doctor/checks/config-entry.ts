// config.models, config.egress, config.headers, config.pricing: what the applied entry offers
// besides the connection, judged by the app's own rules (whoever wrote it), plus what OpenRouter
// offers today. Only this tool's entry gets --fix repairs; another tool's entry is read, never written.
import { entryFeatures, existingHosts } from "../../config/entry.js";
import { decodeJson, PRICE_FIELDS } from "../../config/app-rules.js";
import { isPlainObject, type JsonObject } from "../../config/json-file.js";
import { DEV_HOSTS } from "../../config/egress.js";
import { isDesktopUsable, newestFirst, pricingRow, tierOf, type ModelInfo } from "../../openrouter/models.js";
import type { Check } from "../types.js";
import { CMD, fail, findingsFor, ok, pinnedModels, verdict, warn, worst, type Note } from "../helpers.js";
import { appliedEntry, ENTRY_DEPS, repairIf } from "../applied.js";
import { plural } from "../../i18n/phrase.js";

/** The newest model of the same tier that is offered and not being retired. */
export function newestSibling(id: string, catalogue: ModelInfo[]): string | null {
  const tier = tierOf(id);
  if (!tier) return null;
  return (
    newestFirst(catalogue.filter((m) => isDesktopUsable(m) && !m.expirationDate && tierOf(m.id) === tier && m.id !== id))[0]?.id ?? null
  );
}

/** The entry's inferenceModels with stale names replaced (a duplicate of a present one is dropped). */
function replaceModels(raw: unknown, replacements: Map<string, string>): unknown[] {
  const list = Array.isArray(raw) ? raw : [];
  const present = new Set(list.map((item) => (typeof item === "string" ? item : isPlainObject(item) ? item.name : undefined)));
  const out: unknown[] = [];
  for (const item of list) {
    const name = typeof item === "string" ? item : isPlainObject(item) && typeof item.name === "string" ? item.name : undefined;
    const next = name ? replacements.get(name) : undefined;
    if (!next) {
      out.push(item);
      continue;
    }
    if (present.has(next)) continue;
    out.push(typeof item === "string" ? next : { ...(item as JsonObject), name: next });
  }
  return out;
}

export const configModels: Check = {
  id: "config.models",
  title: "doctor.title.config.models",
  dependsOn: ENTRY_DEPS,
  prefetch: (shared) => void shared.models(),
  async run(ctx, shared, options) {
    const { settings, ours } = await appliedEntry(shared);
    const raw = settings.inferenceModels;
    const found = findingsFor(ctx, settings, "config.models");
    const pinFix = ctx.ui.t("doctor.fix.pinModels", { cmd: CMD });
    if (raw === undefined)
      return verdict(ctx, found, [], { models: null }) ?? warn(ctx.ui.t("doctor.models.discovery"), pinFix, { models: null });
    const pinned = pinnedModels(raw);
    if (!pinned || pinned.length === 0)
      return verdict(ctx, found, [], { models: null }) ?? fail(ctx.ui.t("doctor.models.malformed"), pinFix);
    const names = pinned.map((p) => p.name);
    const data: Record<string, unknown> = { models: names, default: names[0] ?? null };
    if (worst(found) === "error") return verdict(ctx, found, [], data)!;
    const notes: Note[] = [];
    const defaults = new Map<string, number>();
    for (const p of pinned) if (p.isFamilyDefault && p.tier) defaults.set(p.tier, (defaults.get(p.tier) ?? 0) + 1);
    const doubled = [...defaults].filter(([, n]) => n > 1).map(([tier]) => tier);
    if (doubled.length > 0)
      notes.push({ severity: "warn", detail: ctx.ui.t("doctor.models.doubleDefault", { tiers: doubled.join(", ") }), fix: pinFix });
    if (options.offline)
      return verdict(ctx, found, notes, data) ?? ok(ctx.ui.t("doctor.models.okOffline", { models: names.join(", ") }), data);
    let catalogue: ModelInfo[];
    try {
      catalogue = await shared.models();
    } catch {
      notes.push({
        severity: "warn",
        detail: ctx.ui.t("doctor.models.noCatalogue", { models: names.join(", ") }),
        fix: ctx.ui.t("doctor.fix.seeNetwork"),
      });
      return verdict(ctx, found, notes, data)!;
    }
    const byId = new Map(catalogue.map((m) => [m.id, m]));
    // A tier alias is resolved by the app, not looked up at OpenRouter.
    const missing = names.filter((n) => !byId.has(n) && !/^(sonnet|opus|haiku|fable|mythos)(\[1m\])?$/i.test(n));
    const retiring = names.filter((n) => byId.get(n)?.expirationDate);
    const replacements = new Map<string, string>();
    for (const n of [...missing, ...retiring]) {
      const sibling = newestSibling(n, catalogue);
      if (sibling) replacements.set(n, sibling);
    }
    const replacementText = [...replacements].map(([a, b]) => `${a} → ${b}`).join(", ");
    const fix = replacements.size > 0 ? ctx.ui.t("doctor.fix.staleModels", { cmd: CMD, replacements: replacementText }) : pinFix;
    data.stale = [...missing, ...retiring];
    if (missing.length > 0)
      notes.push({ severity: "error", detail: ctx.ui.t("doctor.models.unknown", { models: missing.join(", ") }), fix });
    if (retiring.length > 0) {
      const models = retiring.map((n) => `${n} (${byId.get(n)?.expirationDate})`).join(", ");
      notes.push({ severity: "warn", detail: ctx.ui.t("doctor.models.retiring", { models }), fix });
    }
    const repair =
      replacements.size > 0
        ? repairIf(ours, fix, [{ kind: "entry-key", key: "inferenceModels", value: replaceModels(raw, replacements), from: raw }])
        : undefined;
    return verdict(ctx, found, notes, data, repair) ?? ok(ctx.ui.t("doctor.models.ok", { models: names.join(", ") }), data);
  },
};

export const configEgress: Check = {
  id: "config.egress",
  title: "doctor.title.config.egress",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const { settings, ours } = await appliedEntry(shared);
    const raw = settings.coworkEgressAllowedHosts;
    const hosts = existingHosts(raw);
    const data = { hosts };
    const found = findingsFor(ctx, settings, "config.egress");
    const fixDev = ctx.ui.t("doctor.fix.egressDev", { cmd: CMD });
    // Unset means only the inference host is reachable: --fix adds the dev preset, nothing wider.
    if (hosts.length === 0 && found.length === 0) {
      const repair = repairIf(ours, fixDev, [
        { kind: "entry-key", key: "coworkEgressAllowedHosts", value: [...DEV_HOSTS], from: raw ?? null },
      ]);
      return warn(ctx.ui.t("doctor.egress.unset"), fixDev, data, repair?.actions);
    }
    const notes: Note[] = hosts.includes("*")
      ? [{ severity: "warn", detail: ctx.ui.t("doctor.egress.all"), fix: ctx.ui.t("doctor.fix.egressAll", { cmd: CMD }) }]
      : [];
    const dropped = found.filter((f) => f.code === "egress.dropped").map((f) => f.params.host);
    const result = verdict(ctx, found, notes, { ...data, dropped });
    return result ?? ok(ctx.ui.t(plural("doctor.egress.ok", hosts.length)), data);
  },
};

export const configHeaders: Check = {
  id: "config.headers",
  title: "doctor.title.config.headers",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const { settings } = await appliedEntry(shared);
    const raw = decodeJson(settings.inferenceCustomHeaders);
    const names = raw.ok && isPlainObject(raw.value) ? Object.keys(raw.value) : [];
    const attribution = entryFeatures(settings).attribution;
    const data = { headers: names, attribution };
    const result = verdict(ctx, findingsFor(ctx, settings, "config.headers"), [], data);
    if (result) return result;
    if (names.length === 0) return ok(ctx.ui.t("entry.headers.none"), data);
    return ok(ctx.ui.t(attribution ? "entry.headers.attribution" : "entry.headers.some", { headers: names.join(", ") }), data);
  },
};

/** The price rows of an entry by model name (lower-case: the app matches names case-insensitively). */
function priceRowsByName(value: unknown): Map<string, Record<string, unknown>> {
  const decoded = decodeJson(value);
  const rows = decoded.ok && Array.isArray(decoded.value) ? decoded.value.filter(isPlainObject) : [];
  return new Map(rows.filter((r) => typeof r.name === "string").map((r) => [String(r.name).toLowerCase(), r]));
}

export const configPricing: Check = {
  id: "config.pricing",
  title: "doctor.title.config.pricing",
  dependsOn: ENTRY_DEPS,
  prefetch: (shared) => void shared.models(),
  async run(ctx, shared, options) {
    const { settings } = await appliedEntry(shared);
    const found = findingsFor(ctx, settings, "config.pricing");
    const features = entryFeatures(settings);
    const data: Record<string, unknown> = { enabled: features.costEstimates, rows: features.pricedModels };
    if (worst(found) === "error" || !features.costEstimates)
      return verdict(ctx, found, [], data) ?? ok(ctx.ui.t("entry.pricing.off"), data);
    if (options.offline)
      return verdict(ctx, found, [], data) ?? ok(ctx.ui.t(plural("entry.pricing.onOffline", features.pricedModels.length)), data);
    let catalogue: ModelInfo[];
    try {
      catalogue = await shared.models();
    } catch {
      return warn(ctx.ui.t("entry.pricing.noCatalogue"), ctx.ui.t("doctor.fix.seeNetwork"), data);
    }
    const rows = priceRowsByName(settings.inferenceModelPricing);
    const byId = new Map(catalogue.map((m) => [m.id, m]));
    const stale: string[] = [];
    const unpriced: string[] = [];
    for (const name of (pinnedModels(settings.inferenceModels) ?? []).map((p) => p.name)) {
      const model = byId.get(name);
      const today = model ? pricingRow(model) : null;
      if (!today) continue;
      const row = rows.get(name.toLowerCase());
      if (!row) unpriced.push(name);
      else if (PRICE_FIELDS.some((field) => row[field] !== today[field])) stale.push(name);
    }
    data.stale = stale;
    data.unpriced = unpriced;
    const fix = ctx.ui.t("entry.fix.pricing", { cmd: CMD });
    const notes: Note[] = [];
    if (stale.length > 0) notes.push({ severity: "warn", detail: ctx.ui.t("entry.pricing.stale", { models: stale.join(", ") }), fix });
    if (unpriced.length > 0)
      notes.push({ severity: "warn", detail: ctx.ui.t("entry.pricing.unpriced", { models: unpriced.join(", ") }), fix });
    return verdict(ctx, found, notes, data) ?? ok(ctx.ui.t(plural("entry.pricing.ok", rows.size)), data);
  },
};
