// The doctor's shared helpers: results (ok, warn, fail, skip), a typed failure described, the
// app's findings on the applied entry sorted to the check that reports them, and one verdict
// from findings and a check's own notes.
import { sentences } from "../i18n/catalogue.js";
import type { Finding, Severity } from "../config/app-rules.js";
import { judgeEntry } from "../config/entry-judge.js";
import { isPlainObject, type JsonObject } from "../config/json-file.js";
import type { Context } from "../core/context.js";
import { isCliError } from "../core/errors.js";
import type { HttpStatusError } from "../openrouter/http-errors.js";
import type { CheckResult, FixAction } from "./types.js";
import { osReason } from "../core/os-error.js";

import { findingFix, findingMessage } from "../render/findings.js";

export { CMD } from "../render/findings.js";

export function ok(detail: string, data?: Record<string, unknown>): CheckResult {
  return { status: "ok", detail, ...(data ? { data } : {}) };
}

export function warn(detail: string, fix?: string, data?: Record<string, unknown>, repairs?: FixAction[]): CheckResult {
  return { status: "warn", detail, ...(fix ? { fix } : {}), ...(data ? { data } : {}), ...(repairs?.length ? { repairs } : {}) };
}

export function fail(detail: string, fix?: string, data?: Record<string, unknown>, repairs?: FixAction[]): CheckResult {
  return { status: "error", detail, ...(fix ? { fix } : {}), ...(data ? { data } : {}), ...(repairs?.length ? { repairs } : {}) };
}

export function skip(detail: string): CheckResult {
  return { status: "skip", detail };
}

/** A typed failure (network, HTTP, key) as a detail and a fix, in the user's language. */
export function describeError(ctx: Context, error: unknown): { detail: string; fix: string; code: string } {
  if (isCliError(error)) {
    return {
      detail: ctx.ui.t(error.messageKey, error.params),
      fix: error.hintKey ? ctx.ui.t(error.hintKey, error.hintParams) : ctx.ui.t("doctor.fix.retry"),
      code: error.code,
    };
  }
  return {
    detail: ctx.ui.t("doctor.couldNotCheck", { reason: osReason(error) }),
    fix: ctx.ui.t("doctor.fix.retry"),
    code: "internal",
  };
}

/**
 * The HTTP status failure (status, body, headers), or null for any other error. By its code, so
 * that offline runs never load the HTTP module (only HttpStatusError throws "http.status").
 */
export function httpStatusError(error: unknown): HttpStatusError | null {
  return isCliError(error) && error.code === "http.status" ? (error as HttpStatusError) : null;
}

export function errorCode(error: unknown): string {
  return isCliError(error) ? error.code : "internal";
}

export function money(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** Which check reports a finding about a key; the rest go to config.applied. */
const CHECK_OF_KEY: Record<string, string> = {
  inferenceProvider: "config.provider",
  inferenceGatewayBaseUrl: "config.base-url",
  inferenceGatewayAuthScheme: "config.auth-scheme",
  inferenceCredentialKind: "config.api-key",
  inferenceModels: "config.models",
  modelDiscoveryEnabled: "config.models",
  inferenceModelPricing: "config.pricing",
  inferenceModelPricingEnabled: "config.pricing",
  inferenceModelPricingMultiplier: "config.pricing",
  inferenceCustomHeaders: "config.headers",
  coworkEgressAllowedHosts: "config.egress",
};

const judged = new WeakMap<JsonObject, Finding[]>();

/** The app's findings on the applied entry that one check reports (the entry is judged once a run). */
export function findingsFor(ctx: Context, settings: JsonObject, checkId: string): Finding[] {
  let all = judged.get(settings);
  if (!all) {
    all = judgeEntry(settings, ctx.clock.now());
    judged.set(settings, all);
  }
  return all.filter((f) => (CHECK_OF_KEY[f.key] ?? "config.applied") === checkId);
}

export function worst(findings: Finding[]): Severity | null {
  if (findings.some((f) => f.severity === "error")) return "error";
  return findings.length > 0 ? "warn" : null;
}

export interface Note {
  severity: Severity;
  detail: string;
  fix?: string | undefined;
}

/**
 * Findings and the check's own notes as one result, errors first: every detail, each fix once
 * (or the one fix given, when --fix can repair it). Null when there is nothing to say.
 */
export function verdict(
  ctx: Context,
  findings: Finding[],
  notes: Note[] = [],
  data?: Record<string, unknown>,
  repair?: { fix: string; actions: FixAction[] },
): CheckResult | null {
  const items: Note[] = [
    ...findings.map((f) => ({ severity: f.severity, detail: findingMessage(ctx, f), fix: findingFix(ctx, f) })),
    ...notes,
  ].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  if (items.length === 0) return null;
  const severity = items[0]!.severity;
  const detail = items.map((i) => i.detail).join("; ");
  const fix = repair?.fix ?? sentences(...new Set(items.map((i) => i.fix)));
  return (severity === "error" ? fail : warn)(detail, fix, data, repair?.actions);
}

export interface PinnedModel {
  name: string;
  tier: string | null;
  isFamilyDefault: boolean;
}

/** The models an entry pins (a list, or the list as JSON text), as the checks read them; null when malformed. */
export function pinnedModels(value: unknown): PinnedModel[] | null {
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(list)) return null;
  return list.map((item) => {
    if (typeof item === "string") return { name: item, tier: null, isFamilyDefault: false };
    if (isPlainObject(item)) {
      return {
        name: typeof item.name === "string" ? item.name : "",
        tier: typeof item.anthropicFamilyTier === "string" ? item.anthropicFamilyTier : null,
        isFamilyDefault: item.isFamilyDefault === true,
      };
    }
    return { name: "", tier: null, isFamilyDefault: false };
  });
}
