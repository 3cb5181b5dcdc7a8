// config.provider, config.base-url, config.auth-scheme, config.api-key: the applied entry's
// connection judged by the app's own rules (whoever wrote it), plus what OpenRouter needs. Only
// this tool's entry gets --fix repairs; another tool's entry is read, never written.
import { type Finding, withScheme } from "../../config/app-rules.js";
import type { Context } from "../../core/context.js";
import { isCliError } from "../../core/errors.js";
import { checkKeyShape, maskKey } from "../../openrouter/key.js";
import type { Check, CheckResult } from "../types.js";
import type { AppliedKey } from "../../config/applied-key.js";
import { keySource, keyStore } from "../../keychain/index.js";
import { HELPER_FIX } from "../../keychain/helper-run.js";
import { CMD, fail, findingsFor, ok, verdict, warn, type Note } from "../helpers.js";
import { appliedEntry, ENTRY_DEPS, repairIf } from "../applied.js";

export const configProvider: Check = {
  id: "config.provider",
  title: "doctor.title.config.provider",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const { settings } = await appliedEntry(shared);
    const value = settings.inferenceProvider;
    const data = { inferenceProvider: value ?? null };
    if (value === "gateway") return ok(ctx.ui.t("doctor.provider.ok"), data);
    if (value === undefined) return fail(ctx.ui.t("doctor.provider.missing"), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data);
    return (
      verdict(ctx, findingsFor(ctx, settings, "config.provider"), [], data) ??
      fail(ctx.ui.t("doctor.provider.notGateway", { value: String(value) }), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data)
    );
  },
};

/** The base URL as the app reads it (https:// added without a scheme), with a /v1 or /v1/messages suffix and trailing slashes removed. */
export function normaliseBaseUrl(value: string): string {
  const url = new URL(withScheme(value));
  let path = url.pathname.replace(/\/+$/, "");
  path = path.replace(/\/v1(\/messages)?$/, "").replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

export const configBaseUrl: Check = {
  id: "config.base-url",
  title: "doctor.title.config.base-url",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const { settings, ours } = await appliedEntry(shared);
    const expected = ctx.settings.baseUrl;
    const value = settings.inferenceGatewayBaseUrl;
    const data = { value: value ?? null, expected };
    if (typeof value !== "string" || value.trim() === "")
      return fail(ctx.ui.t("doctor.baseUrl.missing"), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data);
    if (value === expected) return ok(value, data);
    const found = findingsFor(ctx, settings, "config.base-url");
    if (found.length > 0) {
      // Only a doubled /v1 or a trailing slash has an obvious repair; the rest need a person.
      const simple = found.every((f) => f.code === "baseUrl.v1" || f.code === "baseUrl.slash");
      const normalised = simple ? normaliseBaseUrl(value) : expected;
      const repair = simple
        ? repairIf(ours, ctx.ui.t("doctor.fix.baseUrl", { cmd: CMD, url: normalised }), [
            { kind: "entry-key", key: "inferenceGatewayBaseUrl", value: normalised, from: value },
          ])
        : undefined;
      return verdict(ctx, found, [], data, repair)!;
    }
    if (normaliseBaseUrl(value) !== expected) {
      return warn(ctx.ui.t("doctor.baseUrl.otherHost", { url: value, expected }), ctx.ui.t("doctor.fix.otherHost", { cmd: CMD }), data);
    }
    return ok(value, data);
  },
};

export const configAuthScheme: Check = {
  id: "config.auth-scheme",
  title: "doctor.title.config.auth-scheme",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const { settings, ours } = await appliedEntry(shared);
    const value = settings.inferenceGatewayAuthScheme;
    const data = { value: value ?? null };
    const repair = repairIf(ours, ctx.ui.t("doctor.fix.authScheme", { cmd: CMD }), [
      { kind: "entry-key", key: "inferenceGatewayAuthScheme", value: "bearer", from: value ?? null },
    ]);
    const fix = repair?.fix ?? ctx.ui.t("rules.fix.authScheme.invalid");
    if (value === "bearer") return ok("bearer", data);
    if (value === undefined) return warn(ctx.ui.t("doctor.auth.unset"), fix, data, repair?.actions);
    if (value === "x-api-key") return warn(ctx.ui.t("doctor.auth.xApiKey"), fix, data, repair?.actions);
    return (
      verdict(ctx, findingsFor(ctx, settings, "config.auth-scheme"), [], data, repair) ??
      fail(ctx.ui.t("doctor.auth.unknown", { value: String(value) }), fix, data, repair?.actions)
    );
  },
};

/** A credential helper that gave no key: what went wrong, and the fix for exactly that. */
function helperFailure(ctx: Context, owner: Extract<AppliedKey, { status: "unreadable" }>, found: Finding[]): CheckResult {
  const { code, detail } = owner.problem;
  const params = { detail, helper: owner.helper, store: ctx.ui.t(keyStore(ctx).name), cmd: CMD };
  const data = { source: owner.source, helper: owner.helper, problem: code };
  const note: Note = {
    severity: "error",
    detail: ctx.ui.t(`doctor.helper.${code}`, params),
    fix: ctx.ui.t(`doctor.fix.helper.${HELPER_FIX[code]}`, params),
  };
  return verdict(ctx, found, [note], data)!;
}

export const configApiKey: Check = {
  id: "config.api-key",
  title: "doctor.title.config.api-key",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const { settings } = await appliedEntry(shared);
    const found = findingsFor(ctx, settings, "config.api-key");
    // The key as the app gets it: from the entry, or from the credential helper run as the app runs it.
    const owner = await shared.keyOwner();
    const fixSetup = ctx.ui.t("doctor.fix.setupKey", { cmd: CMD });
    if (owner.status === "none") return verdict(ctx, found) ?? fail(ctx.ui.t("doctor.key.missing"), fixSetup);
    if (owner.status === "foreign") {
      const params = { name: owner.name, host: owner.host };
      return fail(ctx.ui.t("doctor.key.foreign", params), ctx.ui.t("doctor.fix.foreignKey", { cmd: CMD }), { foreign: params });
    }
    if (owner.status === "unreadable") return helperFailure(ctx, owner, found);
    const masked = maskKey(owner.key);
    const data = { masked, source: owner.source, ...(owner.helper ? { helper: owner.helper } : {}) };
    if (owner.key !== owner.raw) return fail(ctx.ui.t("doctor.key.stray", { masked }), fixSetup, data);
    let note: Note | null = null;
    try {
      if (checkKeyShape(owner.key) === "unusual")
        note = { severity: "warn", detail: ctx.ui.t("doctor.key.unusual", { masked }), fix: ctx.ui.t("doctor.fix.keyUnusual") };
    } catch (error) {
      if (!isCliError(error)) throw error;
      note = { severity: "error", detail: ctx.ui.t(error.messageKey, error.params), fix: fixSetup };
    }
    const detail = owner.source === "entry" ? masked : `${masked} (${keySource(ctx, owner)})`;
    return verdict(ctx, found, note ? [note] : [], data) ?? ok(detail, data);
  },
};
