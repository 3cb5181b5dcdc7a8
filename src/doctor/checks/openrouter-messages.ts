// openrouter.messages (with --live): one real Messages request as Claude Desktop sends it, to the
// applied entry's gateway with its key and first model; a failure classified and its fix named.
import { DEFAULT_BASE_URL } from "../../config/entry.js";
import type { Context } from "../../core/context.js";
import { classifyMessagesError } from "../../openrouter/messages-errors.js";
import { proposeModels } from "../../openrouter/models.js";
import type { Check, CheckResult } from "../types.js";
import { CMD, describeError, errorCode, fail, httpStatusError, ok, pinnedModels, skip, warn } from "../helpers.js";

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
