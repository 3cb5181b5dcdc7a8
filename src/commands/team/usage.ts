// `team usage`: one row per member key (the manifest's, or every key named "Claude Desktop – …"):
// spend today, this week, this month, the cap, what is left, the reset, disabled or not; totals;
// the account balance. Members at 90 % of their cap or more are marked. With --activity (or
// --csv): OpenRouter's activity per member, model, provider and day over a period, totals, and
// spend that went to a provider outside the team's policy flagged. Reads only.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { ExitCode } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../render/report.js";
import { readCredits, type CreditsStatus } from "../../openrouter/api.js";
import { listKeys } from "../../openrouter/management.js";
import { memberUsage, NEAR_CAP, totalsOf, type UsageRow, type UsageTotals } from "../../team/spend.js";
import { columns, resetText, usd, usdOrDash } from "../../render/figures.js";
import { outputWidth, style, wrapHuman } from "../../render/style.js";
import { parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { ManagementKeyOptions, managementKey, outDirManifest } from "./shared.js";
import { keyActivity } from "../../openrouter/guardrails.js";
import { activityCsv, linesOf, oldestKept, periodOf, teamActivity, type ActivityLine, type TeamActivity } from "../../team/activity.js";
import { DEFAULT_POLICY } from "../../team/guardrail.js";
import { jsonText } from "../../core/terminal-text.js";
import { usageError } from "../../core/errors.js";
import { type Command, Option } from "commander";
import { type OptionKit, teamOptions } from "../option-groups.js";

/** team usage's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t, inCwd } = kit;
  return teamOptions(kit, command)
    .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
    .option("--activity", t("help.usageActivity"))
    .option("--days <n>", t("help.usageDays"))
    .option("--since <date>", t("help.usageSince"))
    .option("--until <date>", t("help.usageUntil"))
    .option("--csv", t("help.usageCsv"))
    .addOption(new Option("--format <format>", t("help.usageFormat")).choices(["table", "json", "csv"]));
}

export const UsageOptionsSchema = z.object({
  ...ManagementKeyOptions,
  outDir: z.optional(z.string().check(z.minLength(1))),
  activity: z._default(z.boolean(), false),
  days: z.optional(z.string()),
  since: z.optional(z.string()),
  until: z.optional(z.string()),
  csv: z._default(z.boolean(), false),
  format: z.optional(z.enum(["table", "json", "csv"])),
});
export type UsageOptions = z.input<typeof UsageOptionsSchema>;

export interface UsageResult {
  command: "team usage";
  source: "manifest" | "names";
  members: UsageRow[];
  totals: UsageTotals;
  credits: CreditsStatus;
  /** Manifest members whose key OpenRouter no longer lists. */
  missing: string[];
  /** The activity view (--activity, --csv or --format csv); null otherwise. */
  activity: TeamActivity | null;
  /** How the result is printed: a table, JSON or CSV (the activity lines). */
  format: "table" | "json" | "csv";
  warnings: Warning[];
}

export async function run(ctx: Context, raw: UsageOptions): Promise<Outcome<UsageResult>> {
  const options = parseOptions(UsageOptionsSchema, raw);
  const report = new Report(ctx);
  const format = options.format ?? (options.csv ? "csv" : "table");
  if (options.csv && options.format !== undefined && options.format !== "csv")
    throw usageError("error.activityFormat", { format: options.format }, "hint.activityFormat");
  const wantsActivity = options.activity || format === "csv" || [options.days, options.since, options.until].some((v) => v !== undefined);
  const period = wantsActivity ? periodOf(ctx.clock.now(), options) : null;
  const manifest = options.outDir !== undefined ? await outDirManifest(ctx, options.outDir) : null;
  if (options.outDir !== undefined && !manifest) report.warn("team.no-manifest", "warn.teamNoManifest", { path: options.outDir });
  const key = await managementKey(ctx, report, options);
  const keys = await report.step("step.teamListKeys", () => listKeys(ctx, key));
  const credits = await report.step("step.fetchCredits", () => readCredits(ctx, key));

  const { rows, missing } = memberUsage(manifest, keys);
  for (const r of rows)
    if (r.nearCap && !r.disabled)
      report.warn("team.near-cap", "warn.teamNearCap", { name: r.name, share: Math.round((r.capUsed ?? 0) * 100) });
  if (missing.length > 0) report.warn("team.missing", "warn.teamMissingKeys", { names: missing.join(", ") });
  let activity: TeamActivity | null = null;
  if (period) {
    // The policy the spend is checked against: the team guardrail's, as the manifest records it.
    const allowed = manifest?.guardrail?.policy.providers ?? DEFAULT_POLICY.providers;
    if (period.from < oldestKept(ctx.clock.now())) report.warn("team.activity-kept", "warn.activityKept", { days: 30 });
    const lines: ActivityLine[] = [];
    for (const r of rows) {
      const found = await report.step("step.teamActivity", () => keyActivity(ctx, key, r.hash), { name: r.name });
      lines.push(...linesOf(r.name, found, period, allowed));
    }
    activity = teamActivity(period, allowed, lines);
    if (activity.totals.outsidePolicyUsage > 0 || activity.totals.outsidePolicyRequests > 0)
      report.warn("team.outside-policy", "warn.activityOutsidePolicy", {
        usage: usd(activity.totals.outsidePolicyUsage),
        requests: activity.totals.outsidePolicyRequests,
      });
  }
  return {
    exitCode: ExitCode.ok,
    result: {
      command: "team usage",
      source: manifest ? "manifest" : "names",
      members: rows,
      totals: totalsOf(rows),
      credits,
      missing,
      activity,
      format,
      warnings: report.warnings,
    },
  };
}

export function render(ctx: Context, outcome: Outcome<UsageResult>): void {
  const r = outcome.result;
  if (r.format === "json") {
    ctx.streams.stdout.write(`${jsonText({ ok: outcome.exitCode === 0, ...r })}\n`);
    return;
  }
  if (r.format === "csv") {
    ctx.streams.stdout.write(activityCsv(r.activity?.lines ?? []));
    return;
  }
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
  // Too wide for the terminal: the reset goes first, long names are cut, then today's and the
  // week's spend go; the month, the cap and what is left stay.
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [6, 0],
      [0, 12],
      [1, 0, "whole"],
      [2, 0, "whole"],
      [5, 7],
      [0, 8],
      [7, 0],
    ] as [number, number, "whole"?][],
  };
  const lines = [r.members.length === 0 ? t("team.usageNone") : columns(ctx, header, rows, "", fit), ""];
  const c = r.credits;
  lines.push(
    `${t("label.balance")}  ${
      c.available
        ? t("value.balance", { balance: usd(c.balance), credits: usd(c.totalCredits), usage: usd(c.totalUsage) })
        : s.warn(t("value.balanceError", { message: c.message }))
    }`,
  );
  if (r.members.some((m) => m.nearCap)) lines.push(s.dim(t("team.nearCapLegend", { share: Math.round(NEAR_CAP * 100) })));
  if (r.activity) lines.push("", ...activityLines(ctx, r.activity));
  ctx.streams.stdout.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
}

/** The activity view: per member, model, provider and day, totals; spend outside the policy marked. */
function activityLines(ctx: Context, a: TeamActivity): string[] {
  const t = ctx.ui.t;
  const s = style(ctx);
  const lines = [s.bold(t("activity.heading", { from: a.period.from, to: a.period.to }))];
  if (a.lines.length === 0) return [...lines, t("activity.none")];
  const header = (first: string) => [
    first,
    t("activity.col.requests"),
    t("activity.col.tokens"),
    t("activity.col.spend"),
    t("activity.col.outside"),
  ];
  const table = (title: string, groups: TeamActivity["byMember"]) =>
    columns(
      ctx,
      header(title),
      groups.map((g) => {
        const outside = g.outsidePolicyRequests > 0;
        return [
          outside ? s.warn(`${g.key} ⚠`) : g.key,
          String(g.requests),
          String(g.tokens),
          usd(g.usage),
          outside ? s.warn(usd(g.outsidePolicyUsage)) : "-",
        ];
      }),
      "  ",
      // Too wide: the "outside policy" header is cut, then the tokens go, then long keys are cut.
      {
        width: outputWidth(ctx),
        shrink: [
          [4, 8],
          [2, 0, "whole"],
          [0, 16],
          [1, 0, "whole"],
          [0, 8],
        ],
      },
    );
  lines.push(table(t("team.col.member"), a.byMember), "");
  lines.push(table(t("activity.col.model"), a.byModel), "");
  lines.push(table(t("activity.col.provider"), a.byProvider), "");
  lines.push(table(t("activity.col.day"), a.byDay), "");
  const tt = a.totals;
  lines.push(t("activity.totals", { requests: tt.requests, tokens: tt.tokens, spend: usd(tt.usage) }));
  lines.push(
    tt.outsidePolicyRequests > 0
      ? s.warn(
          `⚠ ${t("activity.outside", { spend: usd(tt.outsidePolicyUsage), requests: tt.outsidePolicyRequests, providers: a.allowedProviders.join(", ") })}`,
        )
      : t("activity.allInside", { providers: a.allowedProviders.length > 0 ? a.allowedProviders.join(", ") : "-" }),
  );
  return lines;
}
