// The team's guardrail as a whole: the policy wanted from the options and the manifest, the
// guardrail created or updated as planned, and every live member key assigned to it (a key another
// guardrail holds is reported, never moved). `team provision` and `team policy` share it.
import type { Context } from "../core/context.js";
import { stripControls } from "../core/terminal-text.js";
import { listGuardrails, listKeyAssignments, type Guardrail, type KeyAssignment } from "../openrouter/guardrails.js";
import type { ManagedKey } from "../openrouter/management.js";
import type { Report } from "../render/report.js";
import { limitOption, resetOption } from "./members.js";
import {
  applyAssignments,
  applyGuardrail,
  DEFAULT_GUARDRAIL_NAME,
  DEFAULT_POLICY,
  parseProviders,
  planAssignments,
  type ForeignKey,
  type GuardrailPlan,
  type PolicyChange,
  type TeamPolicy,
} from "./guardrail.js";
import type { Manifest } from "./manifest.js";

export interface PolicyInput {
  providers?: string | undefined;
  zdr?: boolean | undefined;
  budget?: string | undefined;
  budgetReset?: string | undefined;
}

/** The wanted policy: what is given, else what `last` says, else Anthropic only, no ZDR, no budget. */
export function wantedPolicy(options: PolicyInput, last: TeamPolicy | undefined): TeamPolicy {
  const base = last ?? DEFAULT_POLICY;
  const budget =
    options.budget === undefined
      ? base.budget
      : options.budget.trim().toLowerCase() === "none"
        ? null
        : (limitOption(options.budget) ?? null);
  const reset = resetOption(options.budgetReset);
  return {
    providers: options.providers !== undefined ? parseProviders(options.providers) : base.providers,
    zdr: options.zdr ?? base.zdr,
    budget,
    budgetReset: budget === null ? null : reset !== undefined ? reset : base.budgetReset,
  };
}

/** The guardrail name: --guardrail <name>, else the manifest's, else the default. */
export function guardrailName(option: boolean | string | undefined, manifest: Manifest | null): string {
  return typeof option === "string" ? option.normalize("NFC") : (manifest?.guardrail?.name ?? DEFAULT_GUARDRAIL_NAME);
}

export interface GuardrailOutcome {
  id: string | null;
  name: string;
  /** create / update: what was (or, with --dry-run, would be) done; keep: nothing differed. */
  action: "create" | "update" | "keep";
  done: boolean;
  changes: PolicyChange[];
  policy: TeamPolicy;
  /** Members whose key was (or would be) assigned now. */
  assigned: string[];
  /** Members whose key the guardrail already held. */
  kept: string[];
  /** Members whose key another guardrail holds: not moved. */
  foreign: ForeignKey[];
}

/** What the account holds: its guardrails and every key assignment (403 here: not an admin, before anything is made). */
export async function readGuardrails(
  ctx: Context,
  report: Report,
  key: string,
): Promise<{ guardrails: Guardrail[]; assignments: KeyAssignment[] }> {
  const guardrails = await report.step("step.guardrailList", () => listGuardrails(ctx, key));
  const assignments = await report.step("step.guardrailAssignments", () => listKeyAssignments(ctx, key));
  return { guardrails, assignments };
}

export interface Governance {
  plan: GuardrailPlan;
  read: { guardrails: Guardrail[]; assignments: KeyAssignment[] };
}

/** The manifest's live member keys: the ones the guardrail must hold. */
function memberHashes(manifest: Manifest, keys: ManagedKey[]): { name: string; hash: string }[] {
  return Object.values(manifest.members)
    .filter((m) => m.status === "active" && m.hash && keys.some((k) => k.hash === m.hash && !k.disabled))
    .map((m) => ({ name: m.name, hash: m.hash! }));
}

/**
 * After the keys exist: the guardrail created or updated as planned, then every live member key
 * not under a guardrail assigned to it. Each step is recorded in the manifest first.
 */
export async function governTeam(
  ctx: Context,
  report: Report,
  key: string,
  plan: GuardrailPlan,
  read: { guardrails: Guardrail[]; assignments: KeyAssignment[] },
  manifest: Manifest,
  keys: ManagedKey[],
  save: () => Promise<void>,
): Promise<GuardrailOutcome> {
  const guardrail = await applyGuardrail(ctx, report, key, plan, manifest, save);
  const assignments = planAssignments(guardrail.id, memberHashes(manifest, keys), read.assignments, read.guardrails);
  await applyAssignments(ctx, report, key, guardrail.id, assignments);
  warnForeign(report, assignments.foreign);
  return {
    id: guardrail.id,
    name: guardrail.name,
    action: plan.action,
    done: true,
    changes: plan.changes,
    policy: plan.policy,
    assigned: assignments.assign.map((m) => m.name),
    kept: assignments.kept,
    foreign: assignments.foreign,
  };
}

/** The same outcome, planned only (--dry-run): `extra` are members whose key this run would make. */
export function plannedGovernance(
  plan: GuardrailPlan,
  read: { guardrails: Guardrail[]; assignments: KeyAssignment[] },
  manifest: Manifest,
  keys: ManagedKey[],
  extra: string[],
): GuardrailOutcome {
  const assignments = planAssignments(plan.guardrail?.id ?? null, memberHashes(manifest, keys), read.assignments, read.guardrails);
  return {
    id: plan.guardrail?.id ?? null,
    name: plan.name,
    action: plan.action,
    done: false,
    changes: plan.changes,
    policy: plan.policy,
    assigned: [...new Set([...assignments.assign.map((m) => m.name), ...extra])],
    kept: assignments.kept,
    foreign: assignments.foreign,
  };
}

export function warnForeign(report: Report, foreign: ForeignKey[]): void {
  for (const f of foreign)
    report.warn("team.foreign-guardrail", "warn.teamForeignGuardrail", {
      name: f.name,
      guardrail: stripControls(f.guardrailName ?? f.guardrailId),
    });
}
