// Which OpenRouter models Claude Desktop accepts, their tiers, and the default pick.
import type { FamilyTier, ModelEntry } from "../config/entry.js";

export interface ModelInfo {
  id: string;
  name: string;
  created: number | null;
  contextLength: number | null;
  /** USD per million tokens. */
  promptPerMillion: number | null;
  completionPerMillion: number | null;
  expirationDate: string | null;
  outputsText: boolean;
}

const TIERS: FamilyTier[] = ["opus", "sonnet", "haiku", "fable", "mythos"];

/** Claude Desktop rejects the whole configuration if one model is not Claude-named (docs/claude-desktop.md#models). */
export function isClaudeShaped(id: string): boolean {
  return /^(claude-|anthropic\/claude-)[a-z0-9.-]+$/.test(id) && !id.includes(":");
}

/** Usable in Claude Desktop through OpenRouter: a plain anthropic/claude-* slug that outputs text. */
export function isDesktopUsable(model: ModelInfo): boolean {
  return model.id.startsWith("anthropic/claude-") && isClaudeShaped(model.id) && model.outputsText;
}

export function tierOf(id: string): FamilyTier | undefined {
  const slug = id.replace(/^anthropic\//, "");
  return TIERS.find((tier) => new RegExp(`(^|[-.])${tier}([-.]|$)`).test(slug));
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
