// The team's activity: OpenRouter's per-day, per-model, per-provider rows of each member key
// (GET /activity, the last 30 completed UTC days), put together per member, per model, per
// provider and per day over the period asked for, with totals, and every row served by a provider
// outside the team's policy flagged. Plus the CSV a spreadsheet opens safely.
import { usageError } from "../core/errors.js";
import { stripControls } from "../core/terminal-text.js";
import type { ActivityRow } from "../openrouter/guardrails.js";
import { providerId } from "./guardrail.js";

/** OpenRouter keeps this many completed UTC days of activity. */
const ACTIVITY_DAYS = 30;

export interface Period {
  /** First and last UTC day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function parseDay(value: string, option: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || isoDay(ms) !== value) throw usageError("error.activityDay", { option, value }, "hint.activityPeriod");
  return ms;
}

/**
 * The period: --since/--until (UTC days), else the last --days completed days (30 by default);
 * today is never complete, so "yesterday" is the latest day there is.
 */
export function periodOf(
  now: Date,
  options: { days?: string | undefined; since?: string | undefined; until?: string | undefined },
): Period {
  const yesterday = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - DAY_MS;
  if (options.days !== undefined && (options.since !== undefined || options.until !== undefined))
    throw usageError("error.activityDaysAndSince", {}, "hint.activityPeriod");
  if (options.since !== undefined || options.until !== undefined) {
    const to = options.until !== undefined ? parseDay(options.until, "--until") : yesterday;
    const from = options.since !== undefined ? parseDay(options.since, "--since") : to - (ACTIVITY_DAYS - 1) * DAY_MS;
    if (from > to) throw usageError("error.activityOrder", { since: isoDay(from), until: isoDay(to) }, "hint.activityPeriod");
    return { from: isoDay(from), to: isoDay(to) };
  }
  const days = options.days === undefined ? ACTIVITY_DAYS : Number(options.days);
  if (!Number.isInteger(days) || days < 1 || days > ACTIVITY_DAYS)
    throw usageError("error.activityDays", { value: options.days ?? "", max: ACTIVITY_DAYS }, "hint.activityPeriod");
  return { from: isoDay(yesterday - (days - 1) * DAY_MS), to: isoDay(yesterday) };
}

/** The first day OpenRouter still has: a period starting earlier is partly empty. */
export function oldestKept(now: Date): string {
  return isoDay(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - ACTIVITY_DAYS * DAY_MS);
}

export interface ActivityLine {
  member: string;
  date: string;
  model: string;
  provider: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** USD of OpenRouter credits. */
  usage: number;
  byokUsage: number;
  /** Served by a provider the team's policy does not allow. */
  outsidePolicy: boolean;
}

export interface ActivityGroup {
  /** The member, model, provider or day. */
  key: string;
  requests: number;
  tokens: number;
  usage: number;
  /** Spend of this group that went to a provider outside the policy. */
  outsidePolicyUsage: number;
  outsidePolicyRequests: number;
}

export interface TeamActivity {
  period: Period;
  /** The providers the policy allows ([]: any). */
  allowedProviders: string[];
  lines: ActivityLine[];
  byMember: ActivityGroup[];
  byModel: ActivityGroup[];
  byProvider: ActivityGroup[];
  byDay: ActivityGroup[];
  totals: Omit<ActivityGroup, "key">;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

function groups(lines: ActivityLine[], pick: (l: ActivityLine) => string, order: "usage" | "key"): ActivityGroup[] {
  const map = new Map<string, ActivityGroup>();
  for (const l of lines) {
    const key = pick(l);
    const g = map.get(key) ?? { key, requests: 0, tokens: 0, usage: 0, outsidePolicyUsage: 0, outsidePolicyRequests: 0 };
    g.requests += l.requests;
    g.tokens += l.promptTokens + l.completionTokens;
    g.usage = round(g.usage + l.usage);
    if (l.outsidePolicy) {
      g.outsidePolicyUsage = round(g.outsidePolicyUsage + l.usage);
      g.outsidePolicyRequests += l.requests;
    }
    map.set(key, g);
  }
  const list = [...map.values()];
  return order === "key"
    ? list.sort((a, b) => a.key.localeCompare(b.key))
    : list.sort((a, b) => b.usage - a.usage || a.key.localeCompare(b.key));
}

/** One member's rows inside the period, flagged against the allowed providers ([] allows any). */
export function linesOf(member: string, rows: ActivityRow[], period: Period, allowed: string[]): ActivityLine[] {
  return rows
    .filter((r) => r.date >= period.from && r.date <= period.to)
    .map((r) => ({
      member,
      date: r.date,
      model: stripControls(r.model),
      provider: stripControls(r.provider),
      requests: r.requests,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
      reasoningTokens: r.reasoningTokens,
      usage: r.usage,
      byokUsage: r.byokUsage,
      outsidePolicy: allowed.length > 0 && !allowed.includes(providerId(r.provider)),
    }));
}

export function teamActivity(period: Period, allowed: string[], lines: ActivityLine[]): TeamActivity {
  const sorted = [...lines].sort(
    (a, b) => a.date.localeCompare(b.date) || a.member.localeCompare(b.member) || a.model.localeCompare(b.model),
  );
  const all = groups(sorted, () => "", "key")[0];
  return {
    period,
    allowedProviders: allowed,
    lines: sorted,
    byMember: groups(sorted, (l) => l.member, "usage"),
    byModel: groups(sorted, (l) => l.model, "usage"),
    byProvider: groups(sorted, (l) => l.provider, "usage"),
    byDay: groups(sorted, (l) => l.date, "key"),
    totals: {
      requests: all?.requests ?? 0,
      tokens: all?.tokens ?? 0,
      usage: all?.usage ?? 0,
      outsidePolicyUsage: all?.outsidePolicyUsage ?? 0,
      outsidePolicyRequests: all?.outsidePolicyRequests ?? 0,
    },
  };
}

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: text that a spreadsheet would read as a
 * formula (starting with =, +, -, @, a tab or a carriage return, OWASP's list) is prefixed with a
 * single quote so it stays text; a cell with a separator, a quote or a line break is quoted.
 * Numbers the tool computed are written as they are.
 */
export function csvCell(value: string | number | boolean): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = [
  "date",
  "member",
  "model",
  "provider",
  "requests",
  "prompt_tokens",
  "completion_tokens",
  "reasoning_tokens",
  "usage_usd",
  "byok_usage_usd",
  "outside_policy",
] as const;

/** The activity lines as CSV (CRLF line ends, a header row). */
export function activityCsv(lines: ActivityLine[]): string {
  const rows = lines.map((l) =>
    [
      l.date,
      l.member,
      l.model,
      l.provider,
      l.requests,
      l.promptTokens,
      l.completionTokens,
      l.reasoningTokens,
      l.usage,
      l.byokUsage,
      l.outsidePolicy,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}
