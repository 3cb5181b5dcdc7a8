// Spend per member key, as `team usage` shows it: each key's spend today, this week and this
// month, its cap and what is left, the share of the cap used (members near it flagged), and totals.
import type { ManagedKey } from "../openrouter/management.js";
import { type Manifest, memberOfKeyName } from "./manifest.js";

/** A member is flagged from this share of the cap on. */
export const NEAR_CAP = 0.9;

export interface UsageRow {
  name: string;
  hash: string;
  label: string | null;
  disabled: boolean;
  usageDaily: number;
  usageWeekly: number;
  usageMonthly: number;
  usage: number;
  limit: number | null;
  limitRemaining: number | null;
  limitReset: string | null;
  /** Share of the cap spent in the current reset period (0–1+); null without a cap. */
  capUsed: number | null;
  nearCap: boolean;
}

export interface UsageTotals {
  usageDaily: number;
  usageWeekly: number;
  usageMonthly: number;
  usage: number;
  /** Sum of the caps of the capped keys. */
  limit: number;
  limitRemaining: number;
}

const cents = (value: number) => Math.round(value * 1e6) / 1e6;

function usageRow(name: string, key: ManagedKey): UsageRow {
  let capUsed: number | null = null;
  if (key.limit !== null && key.limit > 0) {
    const period = { daily: key.usageDaily, weekly: key.usageWeekly, monthly: key.usageMonthly }[key.limitReset ?? ""] ?? key.usage;
    const spent = key.limitRemaining !== null ? key.limit - key.limitRemaining : period;
    capUsed = cents(spent / key.limit);
  }
  return {
    name,
    hash: key.hash,
    label: key.label,
    disabled: key.disabled,
    usageDaily: key.usageDaily,
    usageWeekly: key.usageWeekly,
    usageMonthly: key.usageMonthly,
    usage: key.usage,
    limit: key.limit,
    limitRemaining: key.limitRemaining,
    limitReset: key.limitReset,
    capUsed,
    nearCap: capUsed !== null && capUsed >= NEAR_CAP,
  };
}

export function totalsOf(rows: UsageRow[]): UsageTotals {
  const sum = (pick: (r: UsageRow) => number | null) => cents(rows.reduce((total, r) => total + (pick(r) ?? 0), 0));
  return {
    usageDaily: sum((r) => r.usageDaily),
    usageWeekly: sum((r) => r.usageWeekly),
    usageMonthly: sum((r) => r.usageMonthly),
    usage: sum((r) => r.usage),
    limit: sum((r) => r.limit),
    limitRemaining: sum((r) => r.limitRemaining),
  };
}

/**
 * One row per member key, most spent this month first: the manifest's members (those whose key
 * OpenRouter no longer lists are missing), or without a manifest every key named as a member key.
 */
export function memberUsage(manifest: Manifest | null, keys: ManagedKey[]): { rows: UsageRow[]; missing: string[] } {
  const rows: UsageRow[] = [];
  const missing: string[] = [];
  if (manifest) {
    for (const member of Object.values(manifest.members)) {
      if (!member.hash || member.status === "deleted") continue;
      const found = keys.find((k) => k.hash === member.hash);
      if (found) rows.push(usageRow(member.name, found));
      else missing.push(member.name);
    }
  } else {
    for (const k of keys) {
      const name = memberOfKeyName(k.name);
      if (name !== null) rows.push(usageRow(name, k));
    }
  }
  rows.sort((a, b) => b.usageMonthly - a.usageMonthly || a.name.localeCompare(b.name));
  return { rows, missing };
}
