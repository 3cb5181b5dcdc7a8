// `team usage`: one row per member key (the manifest's, or every key named "Claude Desktop – …"):
// spend today, this week, this month, the cap, what is left, the reset, disabled or not; totals;
// the account balance. Members at 90 % of their cap or more are marked. Reads only.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { ExitCode } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../render/report.js";
import { readCredits, type CreditsStatus } from "../../openrouter/api.js";
import { listKeys, type ManagedKey } from "../../openrouter/management.js";
import { memberOfKeyName } from "../../team/manifest.js";
import { columns, resetText, usd, usdOrDash } from "../../render/figures.js";
import { style } from "../../render/style.js";
import { parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { ManagementKeyOptions, managementKey, outDirManifest } from "./shared.js";

export const UsageOptionsSchema = z.object({ ...ManagementKeyOptions, outDir: z.optional(z.string().check(z.minLength(1))) });
export type UsageOptions = z.input<typeof UsageOptionsSchema>;

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

export interface UsageResult {
  command: "team usage";
  source: "manifest" | "names";
  members: UsageRow[];
  totals: UsageTotals;
  credits: CreditsStatus;
  /** Manifest members whose key OpenRouter no longer lists. */
  missing: string[];
  warnings: Warning[];
}

const cents = (value: number) => Math.round(value * 1e6) / 1e6;

export function usageRow(name: string, key: ManagedKey): UsageRow {
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

export async function run(ctx: Context, raw: UsageOptions): Promise<Outcome<UsageResult>> {
  const options = parseOptions(UsageOptionsSchema, raw);
  const report = new Report(ctx);
  const manifest = options.outDir !== undefined ? await outDirManifest(ctx, options.outDir) : null;
  if (options.outDir !== undefined && !manifest) report.warn("team.no-manifest", "warn.teamNoManifest", { path: options.outDir });
  const key = await managementKey(ctx, report, options);
  const keys = await report.step("step.teamListKeys", () => listKeys(ctx, key));
  const credits = await report.step("step.fetchCredits", () => readCredits(ctx, key));

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
  for (const r of rows)
    if (r.nearCap && !r.disabled)
      report.warn("team.near-cap", "warn.teamNearCap", { name: r.name, share: Math.round((r.capUsed ?? 0) * 100) });
  if (missing.length > 0) report.warn("team.missing", "warn.teamMissingKeys", { names: missing.join(", ") });
  return {
    exitCode: ExitCode.ok,
    result: {
      command: "team usage",
      source: manifest ? "manifest" : "names",
      members: rows,
      totals: totalsOf(rows),
      credits,
      missing,
      warnings: report.warnings,
    },
  };
}

export function render(ctx: Context, outcome: Outcome<UsageResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const header = [
    t("team.col.member"),
    t("team.col.today"),
    t("team.col.week"),
    t("team.col.month"),
    t("team.col.limit"),
    t("team.col.remaining"),
    t("team.col.reset"),
    t("team.col.state"),
  ];
  const rows = r.members.map((m) => [
    m.nearCap ? s.warn(`${m.name} ⚠`) : m.name,
    usd(m.usageDaily),
    usd(m.usageWeekly),
    usd(m.usageMonthly),
    usdOrDash(m.limit),
    m.nearCap ? s.warn(usdOrDash(m.limitRemaining)) : usdOrDash(m.limitRemaining),
    m.limit === null ? "-" : resetText(ctx, m.limitReset),
    m.disabled ? s.dim(t("team.state.disabled")) : t("team.state.active"),
  ]);
  const tt = r.totals;
  rows.push([
    s.bold(t("team.total")),
    usd(tt.usageDaily),
    usd(tt.usageWeekly),
    usd(tt.usageMonthly),
    usd(tt.limit),
    usd(tt.limitRemaining),
    "",
    "",
  ]);
  const lines = [r.members.length === 0 ? t("team.usageNone") : columns(ctx, header, rows), ""];
  const c = r.credits;
  lines.push(
    `${t("label.balance")}  ${
      c.available
        ? t("value.balance", { balance: usd(c.balance), credits: usd(c.totalCredits), usage: usd(c.totalUsage) })
        : s.warn(t("value.balanceError", { message: c.message }))
    }`,
  );
  if (r.members.some((m) => m.nearCap)) lines.push(s.dim(t("team.nearCapLegend", { share: Math.round(NEAR_CAP * 100) })));
  ctx.streams.stdout.write(`${lines.join("\n")}\n`);
}
