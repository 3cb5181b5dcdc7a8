// The team's guardrail: one OpenRouter guardrail per team (found by name, or by the id the
// manifest recorded), holding the policy every member key is assigned to: the providers allowed
// (Anthropic only by default), zero data retention, an optional team budget. This module plans
// (what differs, which keys to assign, which keys another guardrail holds) and applies the plan;
// the manifest records the guardrail's id and name before and after each step, never a key.
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import { usageError } from "../core/errors.js";
import {
  assignKeys,
  createGuardrail,
  updateGuardrail,
  type Guardrail,
  type GuardrailSpec,
  type KeyAssignment,
} from "../openrouter/guardrails.js";
import type { LimitReset } from "../openrouter/management.js";
import type { Manifest, TeamPolicy } from "./manifest.js";

export type { TeamPolicy } from "./manifest.js";

/** The guardrail's name when none is given: one per account unless --guardrail names another. */
export const DEFAULT_GUARDRAIL_NAME = "Claude Desktop team";
export const DEFAULT_POLICY: TeamPolicy = { providers: ["anthropic"], zdr: false, budget: null, budgetReset: null };
const DESCRIPTION = "Made by claude-desktop-openrouter: the providers and data policy of the team's Claude Desktop keys.";

/** A provider as OpenRouter's ids spell it ("Amazon Bedrock" → "amazon-bedrock"). */
export function providerId(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** --providers: a comma-separated list of provider ids; Anthropic is always kept first. */
export function parseProviders(value: string): string[] {
  const ids = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const bad = ids.filter((p) => !/^[a-z0-9][a-z0-9-]{0,63}$/i.test(p));
  if (ids.length === 0 || bad.length > 0)
    throw usageError("error.policyProviders", { value: bad.join(", ") || value }, "hint.policyProviders");
  return [...new Set(["anthropic", ...ids.map(providerId)])];
}

/** The policy a guardrail holds now (null fields of the guardrail read as "no restriction"). */
export function policyOf(guardrail: Guardrail): TeamPolicy {
  return {
    providers: guardrail.allowedProviders ?? [],
    zdr: guardrail.zdr,
    budget: guardrail.limitUsd,
    budgetReset: guardrail.limitUsd === null ? null : ((guardrail.resetInterval as LimitReset | null) ?? null),
  };
}

export interface PolicyChange {
  field: "providers" | "zdr" | "budget";
  from: string;
  to: string;
}

const budgetText = (p: TeamPolicy) => (p.budget === null ? "none" : `$${p.budget.toFixed(2)}${p.budgetReset ? ` ${p.budgetReset}` : ""}`);
const providersText = (p: TeamPolicy) => (p.providers.length === 0 ? "any" : p.providers.join(", "));

/** What would change from the guardrail's policy to the wanted one. */
function policyChanges(current: TeamPolicy, wanted: TeamPolicy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const sorted = (list: string[]) => [...list].sort().join(",");
  if (sorted(current.providers) !== sorted(wanted.providers))
    changes.push({ field: "providers", from: providersText(current), to: providersText(wanted) });
  if (current.zdr !== wanted.zdr) changes.push({ field: "zdr", from: String(current.zdr), to: String(wanted.zdr) });
  if (current.budget !== wanted.budget || (wanted.budget !== null && current.budgetReset !== wanted.budgetReset))
    changes.push({ field: "budget", from: budgetText(current), to: budgetText(wanted) });
  return changes;
}

/** The team's guardrail: the manifest's id first, else the first of that name. */
export function findTeamGuardrail(guardrails: Guardrail[], name: string, id: string | null): Guardrail | null {
  return (id ? guardrails.find((g) => g.id === id) : undefined) ?? guardrails.find((g) => g.name.normalize("NFC") === name) ?? null;
}

export interface GuardrailPlan {
  name: string;
  guardrail: Guardrail | null;
  action: "create" | "update" | "keep";
  changes: PolicyChange[];
  policy: TeamPolicy;
}

export function planGuardrail(guardrails: Guardrail[], name: string, id: string | null, policy: TeamPolicy): GuardrailPlan {
  const guardrail = findTeamGuardrail(guardrails, name, id);
  if (!guardrail) return { name, guardrail: null, action: "create", changes: policyChanges(DEFAULT_POLICY, policy), policy };
  const changes = policyChanges(policyOf(guardrail), policy);
  return { name: guardrail.name, guardrail, action: changes.length > 0 ? "update" : "keep", changes, policy };
}

export interface ForeignKey {
  name: string;
  hash: string;
  guardrailId: string;
  guardrailName: string | null;
}

export interface AssignmentPlan {
  /** Members whose key is not under any guardrail yet. */
  assign: { name: string; hash: string }[];
  /** Members whose key is already under the team's guardrail. */
  kept: string[];
  /** Members whose key another guardrail holds: reported, never moved. */
  foreign: ForeignKey[];
}

export function planAssignments(
  teamId: string | null,
  members: { name: string; hash: string }[],
  assignments: KeyAssignment[],
  guardrails: Guardrail[],
): AssignmentPlan {
  const plan: AssignmentPlan = { assign: [], kept: [], foreign: [] };
  for (const member of members) {
    const held = assignments.find((a) => a.keyHash === member.hash);
    if (!held) plan.assign.push(member);
    else if (held.guardrailId === teamId) plan.kept.push(member.name);
    else
      plan.foreign.push({
        ...member,
        guardrailId: held.guardrailId,
        guardrailName: guardrails.find((g) => g.id === held.guardrailId)?.name ?? null,
      });
  }
  return plan;
}

function specOf(name: string, policy: TeamPolicy): GuardrailSpec {
  return {
    name,
    description: DESCRIPTION,
    allowedProviders: policy.providers,
    zdr: policy.zdr,
    limitUsd: policy.budget,
    resetInterval: policy.budgetReset,
  };
}

/**
 * Creates or updates the guardrail as planned; the manifest names it (id null while a create is
 * in flight: the next run finds a lost answer by name, so it never makes a second one).
 */
export async function applyGuardrail(
  ctx: Context,
  report: Report,
  key: string,
  plan: GuardrailPlan,
  manifest: Manifest,
  save: () => Promise<void>,
): Promise<Guardrail> {
  let guardrail = plan.guardrail;
  if (!guardrail) {
    manifest.guardrail = { id: null, name: plan.name, policy: plan.policy };
    await save();
    guardrail = await report.step("step.guardrailCreate", () => createGuardrail(ctx, key, specOf(plan.name, plan.policy)), {
      name: plan.name,
    });
  } else if (plan.action === "update") {
    const id = guardrail.id;
    guardrail = await report.step("step.guardrailUpdate", () => updateGuardrail(ctx, key, id, specOf(plan.name, plan.policy)), {
      name: plan.name,
    });
  }
  manifest.guardrail = { id: guardrail.id, name: guardrail.name, policy: plan.policy };
  await save();
  return guardrail;
}

/** Assigns the planned keys (one bulk call); assigning a key twice changes nothing, so a cut run just does it again. */
export async function applyAssignments(ctx: Context, report: Report, key: string, id: string, plan: AssignmentPlan): Promise<void> {
  if (plan.assign.length === 0) return;
  await report.step("step.guardrailAssign", () =>
    assignKeys(
      ctx,
      key,
      id,
      plan.assign.map((m) => m.hash),
    ),
  );
}
