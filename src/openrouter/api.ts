// The OpenRouter endpoints the tool calls, parsed leniently: old and new /key shapes, unknown
// fields ignored, a malformed model dropped rather than failing the list.
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { requestJson, type RequestOptions } from "./http.js";
import { HttpStatusError, redact } from "./http-errors.js";
import { perMillion, type ModelInfo } from "./models.js";

const money = z.catch(z.optional(z.nullable(z.number())), null);
const count = z.catch(z.optional(z.number()), undefined);

const KeyDataSchema = z.looseObject({
  label: z.catch(z.optional(z.string()), undefined),
  limit: money,
  limit_remaining: money,
  limit_reset: z.catch(z.optional(z.nullable(z.string())), null),
  usage: count,
  usage_daily: count,
  usage_weekly: count,
  usage_monthly: count,
  is_free_tier: z.catch(z.optional(z.boolean()), undefined),
  is_management_key: z.catch(z.optional(z.boolean()), undefined),
  is_provisioning_key: z.catch(z.optional(z.boolean()), undefined),
  expires_at: z.catch(z.optional(z.nullable(z.string())), null),
});

export interface KeyInfo {
  label: string | null;
  limit: number | null;
  limitRemaining: number | null;
  limitReset: string | null;
  usage: number | null;
  usageDaily: number | null;
  usageWeekly: number | null;
  usageMonthly: number | null;
  isFreeTier: boolean;
  isManagementKey: boolean;
  expiresAt: string | null;
}

function malformed(url: string, what: string): CliError {
  return new CliError({
    code: "http.malformed",
    message: "error.httpMalformed",
    params: { status: 200, url: redact(url), snippet: what },
    hint: "hint.httpMalformed",
  });
}

function apiUrl(ctx: Context, path: string): string {
  return `${ctx.settings.apiUrl.replace(/\/+$/, "")}${path}`;
}

export function parseKeyInfo(body: unknown, url = "/key"): KeyInfo {
  const data = (body as { data?: unknown } | null)?.data;
  const parsed = KeyDataSchema.safeParse(data);
  if (!parsed.success) throw malformed(url, "data");
  const d = parsed.data;
  return {
    label: d.label ?? null,
    limit: d.limit ?? null,
    limitRemaining: d.limit_remaining ?? null,
    limitReset: d.limit_reset ?? null,
    usage: d.usage ?? null,
    usageDaily: d.usage_daily ?? null,
    usageWeekly: d.usage_weekly ?? null,
    usageMonthly: d.usage_monthly ?? null,
    isFreeTier: d.is_free_tier ?? false,
    isManagementKey: d.is_management_key ?? d.is_provisioning_key ?? false,
    expiresAt: d.expires_at ?? null,
  };
}

/** GET /v1/key; a 401 becomes the "key rejected" error (exit 3) with OpenRouter's own words. */
export async function getKeyInfo(ctx: Context, apiKey: string, options: Pick<RequestOptions, "timeoutMs"> = {}): Promise<KeyInfo> {
  const url = apiUrl(ctx, "/key");
  try {
    const response = await requestJson(ctx, url, { ...options, apiKey });
    return parseKeyInfo(response.body, url);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 401) {
      throw new CliError({
        code: "key.rejected",
        exitCode: ExitCode.keyRejected,
        message: "error.keyRejected",
        params: { message: error.serverMessage || "401" },
        hint: "hint.keyRejected",
      });
    }
    throw error;
  }
}

const ModelSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.catch(z.optional(z.string()), undefined),
  display_name: z.catch(z.optional(z.string()), undefined),
  created: z.catch(z.optional(z.number()), undefined),
  context_length: z.catch(z.optional(z.nullable(z.number())), null),
  pricing: z.catch(
    z.optional(
      z.looseObject({
        prompt: z.optional(z.unknown()),
        completion: z.optional(z.unknown()),
        input_cache_read: z.optional(z.unknown()),
        input_cache_write: z.optional(z.unknown()),
      }),
    ),
    undefined,
  ),
  top_provider: z.catch(z.optional(z.nullable(z.looseObject({ context_length: z.catch(z.optional(z.nullable(z.number())), null) }))), null),
  architecture: z.catch(z.optional(z.looseObject({ output_modalities: z.catch(z.optional(z.array(z.string())), undefined) })), undefined),
  expiration_date: z.catch(z.optional(z.nullable(z.string())), null),
});

export function parseModels(body: unknown, url = "/models"): ModelInfo[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw malformed(url, "data");
  const models: ModelInfo[] = [];
  for (const item of data) {
    const parsed = ModelSchema.safeParse(item);
    if (!parsed.success) continue;
    const m = parsed.data;
    models.push({
      id: m.id,
      name: m.name ?? m.display_name ?? m.id,
      created: m.created ?? null,
      contextLength: m.context_length ?? null,
      topContextLength: m.top_provider?.context_length ?? null,
      promptPerMillion: perMillion(m.pricing?.prompt),
      completionPerMillion: perMillion(m.pricing?.completion),
      cacheReadPerMillion: perMillion(m.pricing?.input_cache_read),
      cacheWritePerMillion: perMillion(m.pricing?.input_cache_write),
      expirationDate: m.expiration_date ?? null,
      outputsText: m.architecture?.output_modalities ? m.architecture.output_modalities.includes("text") : true,
    });
  }
  return models;
}

/** GET /v1/models: public, no key sent (a 200 there proves nothing about a key). */
export async function getModels(ctx: Context, options: Pick<RequestOptions, "timeoutMs"> = {}): Promise<ModelInfo[]> {
  const url = apiUrl(ctx, "/models");
  return parseModels((await requestJson(ctx, url, options)).body, url);
}

/** GET /v1/models/user: the models this key's account settings allow. */
export async function getUserModels(ctx: Context, apiKey: string, options: Pick<RequestOptions, "timeoutMs"> = {}): Promise<ModelInfo[]> {
  const url = apiUrl(ctx, "/models/user");
  return parseModels((await requestJson(ctx, url, { ...options, apiKey })).body, url);
}

export interface Credits {
  totalCredits: number;
  totalUsage: number;
  balance: number;
}

/** GET /v1/credits: the account balance; runtime keys get 403 (needs a management key). */
export async function getCredits(ctx: Context, apiKey: string, options: Pick<RequestOptions, "timeoutMs"> = {}): Promise<Credits> {
  const url = apiUrl(ctx, "/credits");
  const data = (
    (await requestJson(ctx, url, { ...options, apiKey })).body as { data?: { total_credits?: unknown; total_usage?: unknown } } | null
  )?.data;
  const totalCredits = typeof data?.total_credits === "number" ? data.total_credits : NaN;
  const totalUsage = typeof data?.total_usage === "number" ? data.total_usage : NaN;
  if (!Number.isFinite(totalCredits) || !Number.isFinite(totalUsage)) throw malformed(url, "data");
  return { totalCredits, totalUsage, balance: Math.round((totalCredits - totalUsage) * 1e6) / 1e6 };
}

export interface MessagesProbe {
  /** Where Claude Desktop sends inference: <base>/v1/messages. */
  url: string;
  apiKey: string;
  scheme: "bearer" | "x-api-key";
  model: string;
  timeoutMs?: number;
}

export interface MessagesReply {
  status: number;
  requestId: string | null;
  model: string | null;
  /** The provider OpenRouter routed the request to ("Anthropic", "Amazon Bedrock", "Google"…), when it says. */
  provider: string | null;
}

/**
 * One minimal POST /v1/messages exactly as Claude Desktop sends it (its auth scheme,
 * anthropic-version, max_tokens 1). Never retried: it costs money. Errors are thrown as from
 * requestJson (HttpStatusError carries the body and headers for classification).
 */
export async function postMessages(ctx: Context, probe: MessagesProbe): Promise<MessagesReply> {
  const headers: Record<string, string> = { "anthropic-version": "2023-06-01" };
  if (probe.scheme === "x-api-key") headers["x-api-key"] = probe.apiKey;
  const response = await requestJson(ctx, probe.url, {
    method: "POST",
    bare: true,
    headers,
    ...(probe.scheme === "bearer" ? { apiKey: probe.apiKey } : {}),
    ...(probe.timeoutMs !== undefined ? { timeoutMs: probe.timeoutMs } : {}),
    body: { model: probe.model, max_tokens: 1, messages: [{ role: "user", content: "ping" }] },
  });
  const body = response.body as { id?: unknown; model?: unknown; provider?: unknown } | null;
  return {
    status: response.status,
    requestId: response.headers["x-generation-id"] ?? (typeof body?.id === "string" ? body.id : null),
    model: typeof body?.model === "string" ? body.model : null,
    provider: typeof body?.provider === "string" && body.provider.trim() !== "" ? body.provider.trim() : null,
  };
}

/** The balance for display: a 403 (runtime key) or a server error is reported, not thrown. */
export type CreditsStatus =
  | ({ available: true } & Credits)
  | { available: false; reason: "needs-management-key" | "error"; message: string };

export async function readCredits(ctx: Context, apiKey: string, options: Pick<RequestOptions, "timeoutMs"> = {}): Promise<CreditsStatus> {
  try {
    return { available: true, ...(await getCredits(ctx, apiKey, options)) };
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 403) {
      return { available: false, reason: "needs-management-key", message: error.serverMessage };
    }
    if (error instanceof HttpStatusError && error.status >= 500) {
      return { available: false, reason: "error", message: `${error.status} ${error.serverMessage}`.trim() };
    }
    // The balance is extra: any other failure is reported in its place, not thrown.
    return {
      available: false,
      reason: "error",
      message: error instanceof CliError ? ctx.ui.t(error.messageKey, error.params) : String(error),
    };
  }
}
