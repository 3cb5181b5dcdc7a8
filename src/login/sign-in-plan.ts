// Setup's sign-in before and after the confirmation: the key it will create (named and capped
// when planned, created only once the plan is confirmed) or the one an earlier sign-in made here,
// reused; the plan's line about it, and the word on a created key nothing uses.
import type { Context } from "../core/context.js";
import { acceptKey, signInKeyInUse } from "../config/api-key.js";
import type { JsonReads } from "../config/json-reads.js";
import type { Answers } from "../config/setup-answers.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { getKeyInfo, type KeyInfo } from "../openrouter/api.js";
import { KEYS_PAGE } from "../openrouter/key.js";
import { keyVerdict } from "../openrouter/key-verdict.js";
import { keyLabel, type KeyRequest } from "../openrouter/oauth.js";
import type { DataDir } from "../platform/types.js";
import type { Report } from "../render/report.js";
import { style } from "../render/style.js";

export interface SignInResult {
  /** The key's name on https://openrouter.ai/settings/keys. */
  label: string;
  /** "planned": a dry run (no key created); "created": created by this run; "reused": made by an earlier sign-in here. */
  state: "planned" | "created" | "reused";
  /** The cap asked for (USD) and its reset; null: none. */
  limit: number | null;
  limitReset: string | null;
}

/** Sign-in as planned: the key it will create (or the one an earlier sign-in made here, reused). */
export interface SignInPlan extends SignInResult {
  request: KeyRequest;
  browser: boolean;
}

/**
 * A sign-in chosen: on a machine whose entry still holds the key an earlier sign-in made here,
 * that key is reused (and checked) instead of adding another to the account; otherwise the
 * key to create is named and capped now and created after the confirmation.
 */
export async function planSignIn(
  ctx: Context,
  report: Report,
  options: { skipKeyCheck: boolean },
  targets: { dataDirs: DataDir[]; stateDir: string; reads?: JsonReads },
  answers: Answers,
): Promise<SignInPlan | null> {
  const pending = answers.key.signIn;
  if (!pending) return null;
  const request: KeyRequest = { label: keyLabel(ctx), limit: pending.limit, reset: pending.reset };
  const capped = { limit: pending.limit ?? null, limitReset: pending.limit !== undefined ? (pending.reset ?? "monthly") : null };
  const reuse = await signInKeyInUse(ctx, targets, targets.reads);
  if (reuse) {
    answers.key = acceptKey(ctx, report, reuse.key, "login");
    if (!ctx.ui.json) ctx.streams.stderr.write(`${ctx.ui.t("setup.signInReused", { label: reuse.record.label, url: KEYS_PAGE })}\n`);
    if (!options.skipKeyCheck) {
      answers.info = await report.step("step.checkKey", () => getKeyInfo(ctx, reuse.key));
      keyVerdict(ctx, answers.info, report);
    }
    return { label: reuse.record.label, state: "reused", limit: null, limitReset: null, request, browser: pending.browser };
  }
  return { label: request.label, state: "planned", ...capped, request, browser: pending.browser };
}

/** After the key was created: OpenRouter's word on it, and a cap it did not apply said plainly. */
export async function checkCreatedKey(ctx: Context, report: Report, plan: SignInPlan, key: string): Promise<KeyInfo> {
  const info = await report.step("step.checkKey", () => getKeyInfo(ctx, key));
  keyVerdict(ctx, info, report);
  if (plan.limit !== null && info.limit !== plan.limit)
    report.warn("sign-in.cap-not-applied", "warn.signInCapNotApplied", { limit: String(plan.limit), url: KEYS_PAGE });
  return info;
}

/** "Sign-in would create a key named …": the plan's word on what happens on the account. */
export function signInPlanLine(ctx: Context, signIn: SignInResult): string {
  const t = ctx.ui.t;
  const cap =
    signIn.limit === null
      ? t("setup.signInNoCap")
      : t("setup.signInCap", { limit: String(signIn.limit), reset: t(`setup.signInReset.${signIn.limitReset ?? "never"}` as MessageKey) });
  return `${style(ctx).symbols.info} ${t("setup.signInPlanned", { label: signIn.label, cap })}`;
}

/** A key created on the account that nothing uses: said by name, with where to delete it. */
export function orphanNotice(ctx: Context, label: string): void {
  ctx.streams.stderr.write(`${style(ctx).symbols.warn} ${ctx.ui.t("setup.signInOrphan", { label, url: KEYS_PAGE })}\n`);
}

/** The result's word on the sign-in (the plan without its request). */
export function signInResult(plan: SignInPlan): SignInResult {
  return { label: plan.label, state: plan.state, limit: plan.limit, limitReset: plan.limitReset };
}
