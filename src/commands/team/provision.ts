// `team provision`: one capped OpenRouter key per member of a CSV, each in its own rollout file
// (the bytes `export` writes for that key), and a key-free manifest. The command checks the
// options, the members file and the out-dir, builds the profile once (src/team/profile.ts), runs
// the resumable engine (src/team/engine.ts) under the out-dir's lock, and renders what it did.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { CliError, usageError } from "../../core/errors.js";
import { ExitCode } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../render/report.js";
import { withLock } from "../../core/lock.js";
import { parseModelsOption } from "../../config/model-choice.js";
import { parseEgress } from "../../config/egress.js";
import { nameIdentity, parseMembers } from "../../team/members.js";
import { activeNotListed, MANIFEST_FILE, manifestPath, newManifest, type RememberedOptions } from "../../team/manifest.js";
import { interrupted, openRun, provisionMembers, saveRun, writeFailure, type Recovery } from "../../team/engine.js";
import { countOutcomes, memberFiles, type MemberOutcome, type OutcomeCounts } from "../../team/member-plan.js";
import { remembered, teamProfile } from "../../team/profile.js";
import { platformModule } from "../../platform/index.js";
import { columns, resetText, usdOrDash } from "../../render/figures.js";
import { outputWidth, style, wrapHuman } from "../../render/style.js";
import { checkProfileOptions, EXPORT_FORMATS, type ExportFormat } from "../../export/file.js";
import { parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { ManagementKeyOptions, managementKey, outDirManifest } from "./shared.js";
import { osReason } from "../../core/os-error.js";
import { READ_LIMITS, readRegularFile } from "../../core/safe-read.js";
import { checkOutDir } from "../../team/ownership.js";
import { shellArgument } from "../../platform/next-command.js";
import { governTeam, type GuardrailOutcome, plannedGovernance } from "../../team/governance.js";
import { guardrailLines, PolicyOptions, prepareGovernance } from "./policy.js";
import type { Command } from "commander";
import {
  examples,
  formatOption,
  modelOptions,
  type OptionKit,
  policyOptions,
  repeatable,
  scopeOption,
  teamOptions,
} from "../option-groups.js";

const PROVISION_EXAMPLES = [
  "OPENROUTER_MANAGEMENT_KEY=… npx claude-desktop-openrouter team provision --members members.csv --limit 25 --limit-reset monthly --format mobileconfig --out-dir rollout",
  "npx claude-desktop-openrouter team provision --management-key-file mgmt.txt --members members.csv --out-dir rollout --rotate alice",
];

/** team provision's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t, inCwd } = kit;
  return modelOptions(
    kit,
    policyOptions(kit, teamOptions(kit, command))
      .option("--members <file>", t("help.teamMembers"), inCwd)
      .option("--limit <usd>", t("help.teamLimit"))
      .option("--limit-reset <period>", t("help.teamLimitReset"))
      .addOption(formatOption(kit, "help.teamFormat"))
      .option("--out-dir <dir>", t("help.teamOutDir"), inCwd),
  )
    .addOption(scopeOption(kit))
    .option("--identifier <reverse-dns>", t("help.exportIdentifier"))
    .option("--organization <name>", t("help.exportOrganization"))
    .option("--no-pricing", t("help.noPricing"))
    .option("--no-attribution", t("help.noAttribution"))
    .option("--no-gateway-only", t("help.exportNoGatewayOnly"))
    .option("--rotate <name>", t("help.teamRotate"), repeatable)
    .option("--no-guardrail", t("help.policyNoGuardrail"))
    .option("--dry-run", t("help.dryRun"))
    .addHelpText("after", examples(t, PROVISION_EXAMPLES));
}

export const ProvisionOptionsSchema = z.object({
  ...ManagementKeyOptions,
  // The team guardrail's options (policy.ts); --no-guardrail leaves guardrails alone.
  ...PolicyOptions,
  members: z.optional(z.string().check(z.minLength(1))),
  limit: z.optional(z.string()),
  limitReset: z.optional(z.string()),
  format: z.optional(z.enum(EXPORT_FORMATS)),
  outDir: z.optional(z.string().check(z.minLength(1))),
  models: z.optional(z.string()),
  // Left out: what the manifest remembers from the last run, else the default (see remembered()).
  discoverModels: z.optional(z.boolean()),
  egress: z.optional(z.array(z.string())),
  scope: z.optional(z.enum(["machine", "user"])),
  identifier: z.optional(z.string().check(z.trim())),
  organization: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  pricing: z.optional(z.boolean()),
  attribution: z.optional(z.boolean()),
  gatewayOnly: z.optional(z.boolean()),
  rotate: z._default(z.array(z.string()), []),
  dryRun: z._default(z.boolean(), false),
});
export type ProvisionOptions = z.input<typeof ProvisionOptionsSchema>;

export interface ProvisionResult {
  command: "team provision";
  dryRun: boolean;
  outDir: string;
  manifest: string;
  format: ExportFormat;
  members: MemberOutcome[];
  recovered: Recovery[];
  /** Members of the manifest that are not in the members file (their keys stay as they are). */
  notInMembersFile: string[];
  counts: OutcomeCounts;
  /** The options this run used (given, or remembered by the manifest from the last run). */
  options: RememberedOptions;
  /** The team's guardrail and its key assignments (null with --no-guardrail). */
  guardrail: GuardrailOutcome | null;
  warnings: Warning[];
}

/**
 * --rotate disables the key every device of that member uses: said first, and asked (or --yes).
 */
async function confirmRotate(ctx: Context, names: string[]): Promise<void> {
  const list = names.map((n) => n.trim()).join(", ");
  ctx.streams.stderr.write(`${style(ctx).symbols.warn} ${ctx.ui.t("team.rotateWarning", { names: list })}\n`);
  if (ctx.ui.yes) return;
  if (!ctx.ui.interactive) throw usageError("error.teamRotateNeedsYes", { names: list }, "hint.teamRotateNeedsYes");
  const { askYesNo } = await import("../../wizard/prompts.js");
  if (!(await askYesNo(ctx, ctx.ui.t("team.rotateConfirm"), false)))
    throw new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
}

export async function run(ctx: Context, raw: ProvisionOptions): Promise<Outcome<ProvisionResult>> {
  const options = parseOptions(ProvisionOptionsSchema, raw);
  const report = new Report(ctx);
  if (options.members === undefined) throw usageError("error.teamMembersMissing", {}, "hint.teamMembersFile");
  if (options.outDir === undefined) throw usageError("error.teamOutDirMissing", {}, "hint.teamOutDir");
  const outDir = options.outDir;
  const existing = await outDirManifest(ctx, outDir);
  const given = remembered(options, existing?.options);
  const limit = given.limit ?? undefined;
  const limitReset = given.limitReset;
  const membersFile = options.members;
  const bytes = await readRegularFile(ctx, membersFile, { limit: READ_LIMITS.members }).catch((error: NodeJS.ErrnoException) => {
    throw usageError("error.teamMembersUnreadable", { path: membersFile, reason: osReason(error) }, "hint.teamMembersFile");
  });
  const { members, unknownColumns } = parseMembers(bytes, membersFile, { limit, limitReset });
  if (unknownColumns.length > 0) report.warn("team.unknown-columns", "warn.teamUnknownColumns", { columns: unknownColumns.join(", ") });
  const rotate = new Set(options.rotate.map((name) => nameIdentity(name.trim())));
  const unknownRotate = options.rotate.filter((name) => !members.some((m) => nameIdentity(m.name) === nameIdentity(name.trim())));
  if (unknownRotate.length > 0) throw usageError("error.teamRotateUnknown", { names: unknownRotate.join(", ") }, "hint.teamMembersFile");

  const format = options.format ?? existing?.format;
  if (!format) throw usageError("error.teamFormatMissing", {}, "hint.teamFormat");
  await checkOutDir(ctx, outDir, memberFiles(existing, members, format));
  if (existing && existing.format !== format)
    throw usageError("error.teamFormatChanged", { format, previous: existing.format, path: outDir }, "hint.teamFormat");
  checkProfileOptions(format, {
    scope: given.scope,
    ...(given.identifier !== null ? { identifier: given.identifier } : {}),
    ...(given.organization !== null ? { organization: given.organization } : {}),
  });
  if (options.models !== undefined && options.discoverModels) throw usageError("error.modelsAndDiscover");
  const modelIds = parseModelsOption(given.models ?? undefined);
  const egress = parseEgress(given.egress, ctx.ui.t);
  if (rotate.size > 0 && !options.dryRun) await confirmRotate(ctx, options.rotate);
  if (egress.allowAll && !ctx.ui.yes) throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");

  const key = await managementKey(ctx, report, options);
  const profile = await teamProfile(ctx, report, format, given, { modelIds, egress });

  const work = async (): Promise<Outcome<ProvisionResult>> => {
    const manifest = (options.dryRun ? existing : await outDirManifest(ctx, outDir)) ?? newManifest(format, ctx.clock.now());
    manifest.options = given;
    const state = await openRun({ ctx, report, key, outDir, manifest, profile });
    // The team guardrail (policy.ts): read and planned, a change confirmed, before any key is made.
    const governance = await prepareGovernance(ctx, report, key, manifest, options, options.dryRun);
    const outcomes = await provisionMembers(state, members, rotate, options.dryRun);
    // Every live member key under the team guardrail (made or kept), each step in the manifest first.
    let guardrail: GuardrailOutcome | null = null;
    if (governance && options.dryRun) {
      const making = outcomes.filter((m) => m.action === "create" || m.action === "rotate").map((m) => m.name);
      guardrail = plannedGovernance(governance.plan, governance.read, manifest, state.keys, making);
    } else if (governance) {
      try {
        guardrail = await governTeam(ctx, report, key, governance.plan, governance.read, manifest, state.keys, () => saveRun(state));
      } catch (error) {
        throw interrupted(ctx, governance.plan.name, error);
      }
    }
    for (const m of outcomes) {
      if (m.action === "blocked")
        report.warn(`team.blocked.${m.reason}`, `warn.teamBlocked.${m.reason ?? "exists-without-file"}`, {
          name: m.name,
          arg: shellArgument(ctx, m.name),
        });
      if ((m.action === "skip" || m.action === "delivered") && m.limitDiffers)
        report.warn("team.limit-differs", "warn.teamLimitDiffers", { name: m.name, arg: shellArgument(ctx, m.name) });
    }
    const notInMembersFile = activeNotListed(manifest, members);
    const counts = countOutcomes(outcomes);
    if (!options.dryRun && counts.created + counts.rotated > 0) report.warn("team.files-hold-keys", "team.filesHoldKeys");
    return {
      exitCode: counts.blocked > 0 || counts.failed > 0 ? ExitCode.failed : ExitCode.ok,
      result: {
        command: "team provision",
        dryRun: options.dryRun,
        outDir,
        manifest: manifestPath(outDir),
        format,
        members: outcomes,
        recovered: state.recovered,
        notInMembersFile,
        counts,
        options: given,
        guardrail,
        warnings: report.warnings,
      },
    };
  };
  if (options.dryRun) return work();
  try {
    return await withLock(ctx, outDir, async () => {
      // Checked again right before the chmod: the directory made or found is still the user's own.
      await checkOutDir(ctx, outDir, [MANIFEST_FILE]);
      if (platformModule(ctx.platform).posixModes) await ctx.fs.chmod(outDir, 0o700);
      return work();
    });
  } catch (error) {
    throw writeFailure(error);
  }
}

const ACTION_KEYS = {
  create: "team.action.create",
  rotate: "team.action.rotate",
  skip: "team.action.skip",
  delivered: "team.action.delivered",
  revoked: "team.action.revoked",
  blocked: "team.action.blocked",
  failed: "team.action.failed",
} as const;

export function render(ctx: Context, outcome: Outcome<ProvisionResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const lines: string[] = [];
  const headline = t(r.dryRun ? "team.provisionPlan" : "team.provisionDone", { path: r.outDir, format: r.format, ...r.counts });
  lines.push(`${r.counts.blocked + r.counts.failed > 0 ? s.symbols.warn : s.symbols.ok} ${headline}`, "");
  const rows = r.members.map((m) => {
    const action = t(r.dryRun && (m.action === "create" || m.action === "rotate") ? `team.plan.${m.action}` : ACTION_KEYS[m.action]);
    const colour =
      m.action === "blocked" || m.action === "failed"
        ? s.warn
        : m.action === "skip" || m.action === "delivered" || m.action === "revoked"
          ? s.dim
          : s.ok;
    return [
      m.name,
      colour(m.reason ? t("team.actionReason", { action, reason: t(`team.reason.${m.reason}`) }) : action),
      usdOrDash(m.limit),
      m.limit === null ? "-" : resetText(ctx, m.limitReset),
      m.file ?? "-",
    ];
  });
  // Too wide for the terminal: the file goes first (it sits in the out-dir named above), then the
  // result's reason is cut, then the reset; the member and the limit stay.
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [4, 10],
      [1, 16],
      [4, 0],
      [3, 0],
      [0, 10],
      [1, 8],
    ] as [number, number][],
  };
  lines.push(
    columns(
      ctx,
      [t("team.col.member"), t("team.col.result"), t("team.col.limit"), t("team.col.reset"), t("team.col.file")],
      rows,
      "  ",
      fit,
    ),
  );
  lines.push("");
  for (const rec of r.recovered)
    lines.push(`${s.symbols.info} ${t(`team.recovered.${rec.action}`, { name: rec.name, hash: (rec.hash ?? "-").slice(0, 12) })}`);
  if (r.notInMembersFile.length > 0)
    lines.push(`${s.symbols.info} ${t("team.notInMembersFile", { names: r.notInMembersFile.join(", ") })}`);
  if (r.guardrail) lines.push(...guardrailLines(ctx, r.guardrail, r.dryRun));
  // A dry run writes no manifest: it names where one would go.
  lines.push(t(r.dryRun ? "team.manifestWouldBe" : "team.manifestAt", { path: r.manifest }));
  ctx.streams.stdout.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
}
