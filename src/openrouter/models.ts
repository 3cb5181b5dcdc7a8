// Which OpenRouter models Claude Desktop accepts, their tiers, the default pick, and what the
// entry says about each (label, 1M context, prices) from OpenRouter's own catalogue.
import { charCount, gatewayAcceptsModelName, hasControlOrBidi, MODEL_LABEL_MAX, PRICE_MAX } from "../config/app-rules.js";
import type { FamilyTier, ModelEntry, PricingRow } from "../config/entry.js";

export interface ModelInfo {
  id: string;
  name: string;
  created: number | null;
  contextLength: number | null;
  /** The top provider's context length, when OpenRouter names one. */
  topContextLength: number | null;
  /** USD per million tokens. */
  promptPerMillion: number | null;
  completionPerMillion: number | null;
  cacheReadPerMillion: number | null;
  cacheWritePerMillion: number | null;
  expirationDate: string | null;
  outputsText: boolean;
}

const TIERS: FamilyTier[] = ["opus", "sonnet", "haiku", "fable", "mythos"];
export const ONE_MILLION = 1_000_000;

/** Prices to six decimals: enough for any per-million price, and no float noise (3.0000000000000004). */
export function roundPrice(value: number): number {
  return Number(value.toFixed(6));
}

/** OpenRouter's USD-per-token price (a decimal string) in USD per million tokens; null when absent or not a price. */
export function perMillion(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : typeof value === "number" ? value : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? roundPrice(n * ONE_MILLION) : null;
}

/**
 * Usable in Claude Desktop through OpenRouter, as the tool proposes and lists them: a plain
 * anthropic/claude-* slug (no variant or alias) that outputs text and passes the app's name rule.
 */
export function isDesktopUsable(model: ModelInfo): boolean {
  return /^anthropic\/claude-[a-z0-9.-]+$/.test(model.id) && gatewayAcceptsModelName(model.id) && model.outputsText;
}

export function tierOf(id: string): FamilyTier | undefined {
  const slug = id.replace(/^~?anthropic\//, "");
  return TIERS.find((tier) => new RegExp(`(^|[-.])${tier}([-.:]|$)`).test(slug));
}

/** Newest first; equal dates fall back to the id, so the order is stable. */
export function newestFirst(models: ModelInfo[]): ModelInfo[] {
  return [...models].sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || a.id.localeCompare(b.id));
}

/** The newest Sonnet (the default), Opus and Haiku that are not being retired. */
export function proposeModels(models: ModelInfo[]): string[] {
  const usable = newestFirst(models.filter(isDesktopUsable));
  const current = usable.filter((m) => !m.expirationDate);
  const pool = current.length > 0 ? current : usable;
  const pick = (tier: FamilyTier) => pool.find((m) => tierOf(m.id) === tier)?.id;
  const picks = [pick("sonnet"), pick("opus"), pick("haiku")].filter((id): id is string => Boolean(id));
  return picks.length > 0 ? picks : pool.slice(0, 1).map((m) => m.id);
}

/**
 * The object form Claude Desktop reads: the default first (the app takes the first entry as its
 * default) with isFamilyDefault, and the first entry of any other tier that has several.
 */
export function toModelEntries(ids: string[]): ModelEntry[] {
  const seenTiers = new Set<FamilyTier>();
  const tierCounts = new Map<FamilyTier, number>();
  for (const id of ids) {
    const tier = tierOf(id);
    if (tier) tierCounts.set(tier, (tierCounts.get(tier) ?? 0) + 1);
  }
  return ids.map((id, index) => {
    const tier = tierOf(id);
    const entry: ModelEntry = { name: id };
    if (!tier) return entry;
    entry.anthropicFamilyTier = tier;
    const firstOfTier = !seenTiers.has(tier);
    seenTiers.add(tier);
    if (index === 0 || (firstOfTier && (tierCounts.get(tier) ?? 0) > 1 && tierOf(ids[0] ?? "") !== tier)) entry.isFamilyDefault = true;
    return entry;
  });
}

/** OpenRouter's model name without its vendor prefix ("Anthropic: Claude Sonnet 4.6" → "Claude Sonnet 4.6"), when it is a usable label. */
export function modelLabel(model: ModelInfo): string | null {
  const label = model.name.replace(/^[^:]{1,40}:\s*/, "").trim();
  if (label === "" || label === model.id || charCount(label) > MODEL_LABEL_MAX || hasControlOrBidi(label)) return null;
  return label;
}

/** A 1M-token context, from the model's own figure or its top provider's. */
export function hasMillionContext(model: ModelInfo): boolean {
  return (model.contextLength ?? 0) >= ONE_MILLION || (model.topContextLength ?? 0) >= ONE_MILLION;
}

/** The entries with the label and 1M flag OpenRouter's catalogue gives each model (known ones only). */
export function describeModels(entries: ModelEntry[], catalogue: ModelInfo[]): ModelEntry[] {
  const byId = new Map(catalogue.map((m) => [m.id, m]));
  return entries.map((entry) => {
    const model = byId.get(entry.name);
    if (!model) return entry;
    const label = modelLabel(model);
    const { name, ...rest } = entry;
    return {
      name,
      ...(label ? { labelOverride: label } : {}),
      ...(hasMillionContext(model) ? { supports1m: true as const } : {}),
      ...rest,
    };
  });
}

/**
 * The app's price row for a model, in USD per million tokens, from OpenRouter's prices. A model
 * without a cache price is priced like Anthropic's own list: a cache write at the prompt price,
 * a cache read at a tenth of it. Null when OpenRouter gives no usable prompt or completion price.
 */
export function pricingRow(model: ModelInfo): PricingRow | null {
  const input = model.promptPerMillion;
  const output = model.completionPerMillion;
  if (input === null || output === null) return null;
  const row: PricingRow = {
    name: model.id,
    inputPerMtok: input,
    outputPerMtok: output,
    cacheReadPerMtok: model.cacheReadPerMillion ?? roundPrice(input * 0.1),
    cacheWritePerMtok: model.cacheWritePerMillion ?? input,
  };
  const prices = [row.inputPerMtok, row.outputPerMtok, row.cacheReadPerMtok, row.cacheWritePerMtok];
  return prices.every((p) => p >= 0 && p <= PRICE_MAX) ? row : null;
}

/** One price row per pinned model OpenRouter prices; the names it cannot price are listed apart. */
export function pricingRows(names: string[], catalogue: ModelInfo[]): { rows: PricingRow[]; unpriced: string[] } {
  const byId = new Map(catalogue.map((m) => [m.id, m]));
  const rows: PricingRow[] = [];
  const unpriced: string[] = [];
  for (const name of names) {
    const model = byId.get(name);
    const row = model ? pricingRow(model) : null;
    if (row) rows.push(row);
    else unpriced.push(name);
  }
  return { rows, unpriced };
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The id without its vendor prefix, lower case: "anthropic/claude-sonnet-4.6" → "claude-sonnet-4.6". */
function slugOf(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/^~?[^/]*\//, "");
}

/**
 * The model a mistyped or prefix-less id most likely means, from OpenRouter's list of models
 * Claude Desktop can use: the same id after the vendor prefix ("claude-sonnet-4.6",
 * "sonnet-4.6"), else the closest by edit distance (newest first on a tie); null when nothing is close.
 */
export function suggestModel(id: string, catalogue: ModelInfo[]): string | null {
  const usable = newestFirst(catalogue.filter(isDesktopUsable));
  const wanted = slugOf(id);
  if (wanted === "") return null;
  const same = usable.find((m) => slugOf(m.id) === wanted || slugOf(m.id) === `claude-${wanted}`);
  if (same) return same.id;
  let best: { id: string; distance: number } | null = null;
  for (const m of usable) {
    const distance = Math.min(editDistance(wanted, slugOf(m.id)), editDistance(`claude-${wanted}`, slugOf(m.id)));
    if (!best || distance < best.distance) best = { id: m.id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 4)) ? best.id : null;
}
