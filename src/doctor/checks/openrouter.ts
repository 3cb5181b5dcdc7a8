// openrouter.key, openrouter.limit, openrouter.models, openrouter.messages
import { DEFAULT_BASE_URL } from "../../config/entry.js";
import type { Context } from "../../core/context.js";
import { isCliError } from "../../core/errors.js";
import { isExpired } from "../../openrouter/key.js";
import { isDesktopUsable, proposeModels } from "../../openrouter/models.js";
import { day, resetText } from "../../render/figures.js";
import type { Check, CheckResult } from "../types.js";

import { CMD, describeError, errorCode, fail, httpStatusError, money, ok, pinnedModels, skip, warn } from "../helpers.js";
import { plural } from "../../i18n/phrase.js";

const WEEK_MS = 7 * 24 * 3600 * 1000;

export const openrouterKey: Check = {
  id: "openrouter.key",
  title: "doctor.title.openrouter.key",
  dependsOn: ["config.api-key", "network.reach"],
  network: true,
  prefetch: (shared) => void shared.keyInfo(),
  async run(ctx, shared) {
    let info: Awaited<ReturnType<typeof shared.keyInfo>>;
    try {
      info = await shared.keyInfo();
    } catch (error) {
      if (isCliError(error) && error.code === "key.rejected") {
        return fail(
          ctx.ui.t("doctor.orkey.rejected", { message: String(error.params.message ?? "401") }),
          ctx.ui.t("doctor.fix.newKey", { cmd: CMD }),
          { error: error.code },
        );
      }
      const status = httpStatusError(error)?.status ?? 0;
      if (status >= 500) return fail(ctx.ui.t("doctor.orkey.server", { status }), ctx.ui.t("doctor.fix.status"), { error: "http.status" });
      const { detail, fix, code } = describeError(ctx, error);
      return fail(detail, fix, { error: code });
    }
    const data = { label: info.label, isManagementKey: info.isManagementKey, expiresAt: info.expiresAt };
    const label = info.label ?? "?";
    if (info.isManagementKey)
      return fail(ctx.ui.t("doctor.orkey.management", { label }), ctx.ui.t("doctor.fix.newKey", { cmd: CMD }), data);
    if (info.expiresAt) {
      const now = ctx.clock.now();
      if (isExpired(info.expiresAt, now))
        return fail(
          ctx.ui.t("doctor.orkey.expired", { label, date: day(info.expiresAt) }),
          ctx.ui.t("doctor.fix.newKey", { cmd: CMD }),
          data,
        );
      if (Date.parse(info.expiresAt) - now.getTime() < WEEK_MS)
        return warn(
          ctx.ui.t("doctor.orkey.expiresSoon", { label, date: day(info.expiresAt) }),
          ctx.ui.t("doctor.fix.newKey", { cmd: CMD }),
          data,
        );
    }
    return ok(ctx.ui.t("doctor.orkey.ok", { label }), data);
  },
};

export const openrouterLimit: Check = {
  id: "openrouter.limit",
  title: "doctor.title.openrouter.limit",
  dependsOn: ["openrouter.key"],
  network: true,
  prefetch: (shared) => void shared.credits(),
  async run(ctx, shared) {
    const info = await shared.keyInfo();
    let balance: number | null = null;
    let balanceNote = "";
    try {
      balance = (await shared.credits()).balance;
      balanceNote = ctx.ui.t("doctor.limit.balance", { balance: money(balance) });
    } catch (error) {
      balanceNote =
        httpStatusError(error)?.status === 403 ? ctx.ui.t("doctor.limit.balanceNeedsManagement") : ctx.ui.t("doctor.limit.balanceUnknown");
    }
    const data = {
      limit: info.limit,
      limitRemaining: info.limitRemaining,
      limitReset: info.limitReset,
      usage: info.usage,
      isFreeTier: info.isFreeTier,
      balance,
    };
    const cap =
      info.limit === null
        ? ctx.ui.t("doctor.limit.noCap")
        : ctx.ui.t("doctor.limit.cap", {
            limit: money(info.limit),
            remaining: money(info.limitRemaining ?? 0),
            reset: resetText(ctx, info.limitReset),
          });
    const detail = ctx.ui.t("doctor.limit.detail", { cap, balance: balanceNote });
    if (info.limit !== null && info.limitRemaining !== null && info.limitRemaining <= 0) {
      return fail(
        ctx.ui.t("doctor.limit.capUsedUp", {
          limit: money(info.limit),
          usage: money(info.usage ?? info.limit),
          reset: resetText(ctx, info.limitReset),
        }),
        ctx.ui.t("doctor.fix.raiseCap"),
        data,
      );
    }
    if (balance !== null && balance <= 0)
      return fail(ctx.ui.t("doctor.limit.noBalance", { balance: money(balance) }), ctx.ui.t("doctor.fix.addCredits"), data);
    if (info.isFreeTier) return warn(ctx.ui.t("doctor.limit.freeTier", { detail }), ctx.ui.t("doctor.fix.addCredits"), data);
    return ok(detail, data);
  },
};

export const openrouterModels: Check = {
  id: "openrouter.models",
  title: "doctor.title.openrouter.models",
  dependsOn: ["openrouter.key"],
  network: true,
  prefetch: (shared) => void shared.userModels(),
  async run(ctx, shared) {
    let models: Awaited<ReturnType<typeof shared.userModels>>;
    try {
      models = await shared.userModels();
    } catch (error) {
      const { detail, fix, code } = describeError(ctx, error);
      return fail(detail, fix, { error: code });
    }
    const usable = models.filter(isDesktopUsable).map((m) => m.id);
    const pinned = (pinnedModels((await shared.applied())?.settings.inferenceModels) ?? []).map((p) => p.name);
    const data = { available: usable.length, pinnedUnavailable: [] as string[] };
    if (usable.length === 0) return fail(ctx.ui.t("doctor.ormodels.none"), ctx.ui.t("doctor.fix.privacy"), data);
    // Offered by OpenRouter but hidden from this account: its privacy or provider settings exclude it.
    let catalogue: Set<string> | null = null;
    try {
      catalogue = new Set((await shared.models()).map((m) => m.id));
    } catch {
      catalogue = null;
    }
    const hidden = pinned.filter((id) => !usable.includes(id) && (catalogue === null || catalogue.has(id)));
    data.pinnedUnavailable = hidden;
    if (hidden.length > 0)
      return fail(ctx.ui.t("doctor.ormodels.hidden", { models: hidden.join(", ") }), ctx.ui.t("doctor.fix.privacy"), data);
    return ok(ctx.ui.t(plural("doctor.ormodels.ok", usable.length)), data);
  },
};

type Kind = "auth" | "billing" | "budget" | "privacy" | "region" | "permission" | "model" | "ratelimit" | "overload" | "server" | "request";

const BY_ERROR_TYPE: Record<string, Kind> = {
  authentication: "auth",
  permission_denied: "permission",
  payment_required: "billing",
  not_found: "model",
  image_not_found: "request",
  rate_limit_exceeded: "ratelimit",
  provider_overloaded: "overload",
  timeout: "overload",
  provider_unavailable: "server",
  server: "server",
  unmapped: "server",
};

const BY_STATUS: Record<number, Kind> = {
  400: "request",
  401: "auth",
  402: "billing",
  403: "permission",
  404: "model",
  408: "overload",
  429: "ratelimit",
  500: "server",
  502: "server",
  503: "overload",
  529: "overload",
};

const BY_TYPE: Record<string, Kind> = {
  authentication_error: "auth",
  permission_error: "permission",
  billing_error: "billing",
  not_found_error: "model",
  rate_limit_error: "ratelimit",
  overloaded_error: "overload",
  timeout_error: "overload",
  api_error: "server",
  invalid_request_error: "request",
};

const BY_AVAILABILITY: Record<string, Kind> = {
  model_not_found: "model",
  wrong_endpoint: "model",
  model_deprecated: "model",
  model_unavailable_upstream: "model",
  free_variant_ended: "model",
  no_endpoints: "privacy",
  privacy_restricted: "privacy",
  constraint_filtered: "privacy",
  region_restricted: "region",
  capacity_exhausted: "ratelimit",
  temporarily_unavailable: "overload",
};

/** docs/openrouter.md#messages-errors: error_type, then status, then error.type; availability.code refines it. */
export function classifyMessagesError(
  status: number,
  body: unknown,
): { kind: Kind; errorType: string | null; type: string | null; code: string | null; message: string } {
  const error = (body as { error?: Record<string, unknown> } | null)?.error ?? {};
  const errorType = typeof error.error_type === "string" ? error.error_type : null;
  const type = typeof error.type === "string" ? error.type : null;
  const availability = error.availability as { code?: unknown } | undefined;
  const code = typeof availability?.code === "string" ? availability.code : null;
  let kind: Kind =
    (errorType && BY_ERROR_TYPE[errorType]) || BY_STATUS[status] || (type && BY_TYPE[type]) || (status >= 500 ? "server" : "request");
  if (errorType === "invalid_request" && !code) kind = "request";
  if (code && BY_AVAILABILITY[code]) kind = BY_AVAILABILITY[code]!;
  // "No endpoints found matching your data policy" without the availability object.
  if (kind === "model" && typeof error.message === "string" && /data policy|guardrail/i.test(error.message)) kind = "privacy";
  // A guardrail's (the team's) budget used up: 402 or 403 saying so. The member cannot fix it.
  if ((status === 402 || status === 403) && typeof error.message === "string" && /budget|guardrail.*limit/i.test(error.message))
    kind = "budget";
  return { kind, errorType, type, code, message: typeof error.message === "string" ? error.message : "" };
}

function messagesFailure(ctx: Context, status: number, body: unknown, headers: Record<string, string>, model: string): CheckResult {
  const c = classifyMessagesError(status, body);
  const retryAfter =
    headers["retry-after"] ??
    String((body as { error?: { availability?: { retry_after?: unknown } } } | null)?.error?.availability?.retry_after ?? "");
  const requestId = headers["x-generation-id"] ?? ((body as { request_id?: unknown } | null)?.request_id as string | null) ?? null;
  const data = {
    status,
    kind: c.kind,
    errorType: c.errorType,
    type: c.type,
    availability: c.code,
    requestId,
    ...(retryAfter ? { retryAfter } : {}),
  };
  const detail = ctx.ui.t(`doctor.live.${c.kind}`, { status, model, message: c.message || "-", seconds: retryAfter || "?" });
  const fixKey = {
    auth: "doctor.fix.newKey",
    billing: "doctor.fix.billing",
    budget: "doctor.fix.budget",
    privacy: "doctor.fix.privacy",
    region: "doctor.fix.region",
    permission: "doctor.fix.guardrail",
    model: "doctor.fix.liveModel",
    ratelimit: "doctor.fix.rateLimit",
    overload: "doctor.fix.status",
    server: "doctor.fix.status",
    request: "doctor.fix.report",
  }[c.kind] as Parameters<Context["ui"]["t"]>[0];
  const fix = ctx.ui.t(fixKey, { cmd: CMD, seconds: retryAfter || "?" });
  // Waiting helps with rate limits and overload; the rest needs the user to act.
  return c.kind === "ratelimit" || c.kind === "overload" ? warn(detail, fix, data) : fail(detail, fix, data);
}

export const openrouterMessages: Check = {
  id: "openrouter.messages",
  title: "doctor.title.openrouter.messages",
  dependsOn: ["config.api-key", "network.reach"],
  network: true,
  async run(ctx, shared, options) {
    if (!options.live) return skip(ctx.ui.t("doctor.skip.live"));
    const settings = (await shared.applied())?.settings ?? {};
    const key = await shared.apiKey();
    if (!key) return skip(ctx.ui.t("doctor.skip.dependency", { check: "config.api-key" }));
    let model = pinnedModels(settings.inferenceModels)?.[0]?.name;
    if (!model) {
      try {
        model = proposeModels(await shared.models())[0];
      } catch {
        model = undefined;
      }
    }
    if (!model) return skip(ctx.ui.t("doctor.live.noModel"));
    const base = await shared.baseUrl();
    // Where Claude Desktop sends it: <base>/v1/messages. The tool's own API URL stands in for the
    // expected base (so the test seam and --base-url apply); any other base is used as written.
    const url =
      base === ctx.settings.baseUrl || (base === DEFAULT_BASE_URL && ctx.settings.baseUrl === DEFAULT_BASE_URL)
        ? `${ctx.settings.apiUrl.replace(/\/+$/, "")}/messages?beta=true`
        : `${base}/v1/messages?beta=true`;
    const scheme = settings.inferenceGatewayAuthScheme === "x-api-key" ? "x-api-key" : "bearer";
    const api = await import("../../openrouter/api.js");
    try {
      const reply = await api.postMessages(ctx, { url, apiKey: key, scheme, model, timeoutMs: shared.timeoutMs });
      const data = { status: reply.status, model, requestId: reply.requestId, provider: reply.provider };
      const id = reply.requestId ?? "-";
      // OpenRouter guarantees Claude Desktop only on Anthropic's own endpoints.
      if (reply.provider === null) return ok(ctx.ui.t("doctor.live.ok", { model, id }), data);
      if (reply.provider.toLowerCase() !== "anthropic")
        return warn(ctx.ui.t("doctor.live.notAnthropic", { model, provider: reply.provider }), ctx.ui.t("doctor.fix.anthropicFirst"), data);
      return ok(ctx.ui.t("doctor.live.served", { model, provider: reply.provider, id }), data);
    } catch (error) {
      const code = errorCode(error);
      const http = httpStatusError(error);
      if (http) return messagesFailure(ctx, http.status, http.body, http.headers ?? {}, model);
      if (code === "http.html") {
        return fail(
          ctx.ui.t("doctor.live.html", { url: url.replace(/\?.*$/, "") }),
          ctx.ui.t("doctor.fix.baseUrl", { cmd: CMD, url: ctx.settings.baseUrl }),
          { error: code },
        );
      }
      const { detail, fix } = describeError(ctx, error);
      return fail(detail, fix, { error: code });
    }
  },
};
