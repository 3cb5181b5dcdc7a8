// Small helpers shared by the checks.
import type { Context } from "../../core/context.js";
import { isCliError } from "../../core/errors.js";
import type { HttpStatusError } from "../../openrouter/http.js";
import type { CheckResult, FixAction } from "../types.js";
import { osReason } from "../../core/os-error.js";

export { CMD } from "../../render/findings.js";

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
