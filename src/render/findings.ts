// A finding of the app's rules in the user's language: what the app does with the value, and the fix.
import type { Finding } from "../config/app-rules.js";
import type { EgressProblem } from "../config/egress-rules.js";
import type { Context } from "../core/context.js";

export const CMD = "npx claude-desktop-openrouter";

function params(ctx: Context, finding: Finding): Record<string, string | number> {
  if (finding.code !== "egress.dropped") return finding.params;
  return { ...finding.params, reason: ctx.ui.t(`rules.egressReason.${finding.params.reason as EgressProblem}`) };
}

export function findingMessage(ctx: Context, finding: Finding): string {
  return ctx.ui.t(`rules.${finding.code}`, params(ctx, finding));
}

export function findingFix(ctx: Context, finding: Finding): string {
  return ctx.ui.t(`rules.fix.${finding.code}`, { ...params(ctx, finding), cmd: CMD });
}
