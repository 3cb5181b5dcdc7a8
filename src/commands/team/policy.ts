// `team policy --out-dir <dir>`: shows the team's guardrail (providers, zero data retention, team
// budget) and which member keys it holds; with --providers, --zdr/--no-zdr, --budget or
// --budget-reset it shows the change as a plan and applies it on confirmation (or --yes). A member
// key another guardrail holds is reported, never moved. Also how `team provision` plans, confirms
// and shows the same policy; the guardrail work itself is in team/governance.ts.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { usageError } from "../../core/errors.js";
import { ExitCode } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../render/report.js";
import { stripControls } from "../../core/terminal-text.js";
import {
  type Governance,
  type GuardrailOutcome,
  governTeam,
  guardrailName,
  type PolicyInput,
  plannedGovernance,
  readGuardrails,
  wantedPolicy,
  warnForeign,
} from "../../team/governance.js";
import { withLock } from "../../core/lock.js";
import { listKeys } from "../../openrouter/management.js";
import { usd } from "../../render/figures.js";
import { outputWidth, style, table, wrapHuman } from "../../render/style.js";
import {
  findTeamGuardrail,
  planGuardrail,
  policyOf,
  type GuardrailPlan,
  type PolicyChange,
  type TeamPolicy,
} from "../../team/guardrail.js";
import { writeManifest, type Manifest } from "../../team/manifest.js";
import { confirmOrCancel, parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { ManagementKeyOptions, managementKey, outDirManifest } from "./shared.js";
import type { Command } from "commander";
import { type OptionKit, policyOptions, teamOptions } from "../option-groups.js";

/** The policy options `team provision` and `team policy` share. */
export const PolicyOptions = {
  guardrail: z.optional(z.union([z.boolean(), z.string().check(z.trim(), z.minLength(1), z.maxLength(100))])),
  providers: z.optional(z.string()),
  zdr: z.optional(z.boolean()),
  budget: z.optional(z.string()),
  budgetReset: z.optional(z.string()),
};

function policyGiven(options: PolicyInput): boolean {
  return [options.providers, options.zdr, options.budget, options.budgetReset].some((v) => v !== undefined);
}

/** One change in words: "Zero data retention: no → yes". */
function changeText(ctx: Context, c: PolicyChange): string {
  const word = (v: string) => (v === "true" ? ctx.ui.t("value.yes") : v === "false" ? ctx.ui.t("value.no") : v);
  return `${ctx.ui.t(`policy.field.${c.field}`)}: ${word(c.from)} → ${word(c.to)}`;
}

/** Shows a policy change on stderr and asks (or --yes); --dry-run only shows it. */
async function confirmPolicy(ctx: Context, plan: GuardrailPlan): Promise<void> {
  const s = style(ctx);
  const t = ctx.ui.t;
  const lines = [`${s.symbols.warn} ${t("policy.planHeading", { name: stripControls(plan.name) })}`];
  for (const c of plan.changes) lines.push(`  ${changeText(ctx, c)}`);
  ctx.streams.stderr.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
  await confirmOrCancel(ctx, "policy.confirm");
}

/**
 * `team provision`'s guardrail, planned before any key is made: the policy given, else the one
 * the manifest remembers; a change to an existing guardrail is shown and confirmed (not with
 * --dry-run). null with --no-guardrail.
 */
export async function prepareGovernance(
  ctx: Context,
  report: Report,
  key: string,
  manifest: Manifest,
  options: PolicyInput & { guardrail?: boolean | string | undefined },
  dryRun: boolean,
): Promise<Governance | null> {
  if (options.guardrail === false) return null;
  const read = await readGuardrails(ctx, report, key);
  const wanted = wantedPolicy(options, manifest.guardrail?.policy);
  const plan = planGuardrail(read.guardrails, guardrailName(options.guardrail, manifest), manifest.guardrail?.id ?? null, wanted);
  if (plan.action === "update" && !dryRun) await confirmPolicy(ctx, plan);
  return { plan, read };
}

/** team policy's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t, inCwd } = kit;
  return policyOptions(kit, teamOptions(kit, command).option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)).option(
    "--dry-run",
    t("help.dryRun"),
  );
}

export const PolicyCommandSchema = z.object({
  ...ManagementKeyOptions,
  ...PolicyOptions,
  outDir: z.optional(z.string().check(z.minLength(1))),
  dryRun: z._default(z.boolean(), false),
});
export type PolicyCommandOptions = z.input<typeof PolicyCommandSchema>;

export interface PolicyResult {
  command: "team policy";
  dryRun: boolean;
  guardrail: GuardrailOutcome | null;
  /** The policy the guardrail held before this run (null: there was none). */
  previous: TeamPolicy | null;
  warnings: Warning[];
}

export async function run(ctx: Context, raw: PolicyCommandOptions): Promise<Outcome<PolicyResult>> {
  const options = parseOptions(PolicyCommandSchema, raw);
  if (options.outDir === undefined) throw usageError("error.teamOutDirMissing", {}, "hint.teamOutDir");
  if (options.guardrail === false) throw usageError("error.policyNoGuardrail", {}, "hint.policyProviders");
  const outDir = options.outDir;
  const report = new Report(ctx);
  const work = async (): Promise<Outcome<PolicyResult>> => {
    const manifest = await outDirManifest(ctx, outDir);
    if (!manifest) throw usageError("error.policyNoManifest", { path: outDir }, "hint.teamOutDir");
    const key = await managementKey(ctx, report, options);
    const keys = await report.step("step.teamListKeys", () => listKeys(ctx, key));
    const read = await readGuardrails(ctx, report, key);
    const name = guardrailName(options.guardrail, manifest);
    const found = findTeamGuardrail(read.guardrails, name, manifest.guardrail?.id ?? null);
    const previous = found ? policyOf(found) : null;
    const wanted = wantedPolicy(options, previous ?? manifest.guardrail?.policy);
    const plan = planGuardrail(read.guardrails, name, manifest.guardrail?.id ?? null, wanted);
    const change = policyGiven(options) && plan.action !== "keep";
    if (!found && !policyGiven(options)) {
      report.warn("team.no-guardrail", "warn.teamNoGuardrail", { name });
      return {
        exitCode: ExitCode.ok,
        result: { command: "team policy", dryRun: options.dryRun, guardrail: null, previous, warnings: report.warnings },
      };
    }
    const save = () => writeManifest(ctx, outDir, manifest);
    let outcome: GuardrailOutcome;
    if (options.dryRun) outcome = plannedGovernance(plan, read, manifest, keys, []);
    else {
      if (change) await confirmPolicy(ctx, plan);
      outcome = await governTeam(ctx, report, key, change ? plan : { ...plan, action: "keep", changes: [] }, read, manifest, keys, save);
      if (!change) outcome.action = "keep";
    }
    if (options.dryRun) warnForeign(report, outcome.foreign);
    return {
      exitCode: ExitCode.ok,
      result: { command: "team policy", dryRun: options.dryRun, guardrail: outcome, previous, warnings: report.warnings },
    };
  };
  return options.dryRun ? work() : withLock(ctx, outDir, work);
}

/** The policy's rows: providers, zero retention, budget. */
function policyRows(ctx: Context, policy: TeamPolicy): [string, string][] {
  const t = ctx.ui.t;
  return [
    [t("policy.field.providers"), policy.providers.length === 0 ? t("policy.anyProvider") : policy.providers.join(", ")],
    [t("policy.field.zdr"), t(policy.zdr ? "value.yes" : "value.no")],
    [
      t("policy.field.budget"),
      policy.budget === null ? t("value.noLimit") : `${usd(policy.budget)}${policy.budgetReset ? ` (${policy.budgetReset})` : ""}`,
    ],
  ];
}

/** The guardrail block both commands print. */
export function guardrailLines(ctx: Context, g: GuardrailOutcome, dryRun: boolean): string[] {
  const t = ctx.ui.t;
  const s = style(ctx);
  const state = dryRun && g.action !== "keep" ? t(`policy.plan.${g.action}`) : t(`policy.action.${g.action}`);
  const lines = [`${s.symbols.ok} ${t("policy.heading", { name: stripControls(g.name), state })}`];
  // A long provider list wraps under its value, not under the label.
  lines.push(table(policyRows(ctx, g.policy), "  ", 0, outputWidth(ctx)));
  // The plan was shown (and confirmed) on stderr; a dry run shows it here.
  if (dryRun) for (const c of g.changes) lines.push(`  ${changeText(ctx, c)}`);
  const counts = { assigned: g.assigned.length, kept: g.kept.length, foreign: g.foreign.length };
  lines.push(
    `  ${g.foreign.length > 0 ? s.warn(t(dryRun ? "policy.assignPlanned" : "policy.assigned", counts)) : t(dryRun ? "policy.assignPlanned" : "policy.assigned", counts)}`,
  );
  return lines;
}

export function render(ctx: Context, outcome: Outcome<PolicyResult>): void {
  const r = outcome.result;
  if (!r.guardrail) {
    ctx.streams.stdout.write(`${wrapHuman(ctx.ui.t("policy.none"), outputWidth(ctx))}\n`);
    return;
  }
  ctx.streams.stdout.write(`${wrapHuman(guardrailLines(ctx, r.guardrail, r.dryRun).join("\n"), outputWidth(ctx))}\n`);
}
