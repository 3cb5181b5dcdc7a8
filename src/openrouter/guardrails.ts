// OpenRouter's guardrails and activity API (docs/openrouter.md#guardrails-and-activity), with a
// management key: list, create and update guardrails, list and bulk-assign keys by hash, and the
// per-day, per-model, per-provider activity of one key. Reads go through requestJson's retries; a
// create is never retried (a lost answer is found by name on the next run), nor an update or an
// assignment (assigning again is harmless, and the next run does it).
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { stripControls } from "../core/terminal-text.js";
import type { RequestOptions } from "./http.js";
import { HttpStatusError } from "./http-errors.js";
import { malformed, managementCall, managementUrl, refusedKey } from "./management.js";

const ZDR_FAMILIES = ["anthropic", "openai", "google", "other"] as const;

const text = z.catch(z.optional(z.nullable(z.string())), null);
const list = z.catch(z.optional(z.nullable(z.array(z.string()))), null);
const flag = z.catch(z.optional(z.nullable(z.boolean())), null);
const num = z.catch(z.optional(z.nullable(z.number())), null);

const GuardrailSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.catch(z.string(), ""),
  description: text,
  limit_usd: num,
  reset_interval: text,
  allowed_providers: list,
  ignored_providers: list,
  allowed_models: list,
  enforce_zdr_anthropic: flag,
  enforce_zdr_openai: flag,
  enforce_zdr_google: flag,
  enforce_zdr_other: flag,
  enforce_zdr: flag,
  created_at: text,
  updated_at: text,
});

/** A guardrail as the API describes it (the fields this tool sets and shows). */
export interface Guardrail {
  id: string;
  name: string;
  description: string | null;
  limitUsd: number | null;
  resetInterval: string | null;
  /** null: every provider. */
  allowedProviders: string[] | null;
  ignoredProviders: string[] | null;
  allowedModels: string[] | null;
  /** Zero data retention enforced for every model family (all four switches on). */
  zdr: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

/** The body fields of a create or an update. */
export interface GuardrailSpec {
  name: string;
  description: string;
  allowedProviders: string[];
  zdr: boolean;
  limitUsd: number | null;
  resetInterval: "daily" | "weekly" | "monthly" | null;
}

export interface KeyAssignment {
  keyHash: string;
  guardrailId: string;
  keyName: string | null;
}

export interface ActivityRow {
  date: string;
  model: string;
  provider: string;
  /** USD of OpenRouter credits. */
  usage: number;
  byokUsage: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

/**
 * 401: the key may not manage (exit 3). 403 on a guardrail call: the account may not manage
 * guardrails (organisation admins only), said in people's words.
 */
function refused(error: unknown, what: "guardrail" | "activity"): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  const message = stripControls(error.serverMessage || String(error.status));
  if (error.status === 403 && what === "guardrail")
    return new CliError({
      code: "team.guardrail-forbidden",
      exitCode: ExitCode.keyRejected,
      message: "error.guardrailForbidden",
      params: { status: error.status, message },
      hint: "hint.guardrailForbidden",
    });
  return refusedKey(error);
}

async function call(ctx: Context, key: string, url: string, what: "guardrail" | "activity", options: RequestOptions = {}) {
  return (await managementCall(ctx, key, url, options, (error) => refused(error, what))) as {
    data?: unknown;
    total_count?: unknown;
  } | null;
}

function parseGuardrail(data: unknown, url: string): Guardrail {
  const parsed = GuardrailSchema.safeParse(data);
  if (!parsed.success) throw malformed(url);
  const d = parsed.data;
  const zdr = d.enforce_zdr === true || ZDR_FAMILIES.every((f) => d[`enforce_zdr_${f}`] === true);
  return {
    id: d.id,
    name: d.name,
    description: d.description ?? null,
    limitUsd: d.limit_usd ?? null,
    resetInterval: d.reset_interval ?? null,
    allowedProviders: d.allowed_providers ?? null,
    ignoredProviders: d.ignored_providers ?? null,
    allowedModels: d.allowed_models ?? null,
    zdr,
    createdAt: d.created_at ?? null,
    updatedAt: d.updated_at ?? null,
  };
}

/** A page-through of a `{data: […], total_count}` list: by offset, until total_count or an empty page. */
async function pages<T>(
  ctx: Context,
  key: string,
  path: string,
  what: "guardrail" | "activity",
  parse: (item: unknown, url: string) => T,
): Promise<T[]> {
  const items: T[] = [];
  // A runaway server that ignores offset would otherwise page forever.
  for (let page = 0; page < 1000; page++) {
    const url = `${managementUrl(ctx, "")}${path}${path.includes("?") ? "&" : "?"}offset=${items.length}&limit=100`;
    const body = await call(ctx, key, url, what);
    if (!Array.isArray(body?.data)) throw malformed(url);
    for (const item of body.data) items.push(parse(item, url));
    const total = typeof body.total_count === "number" ? body.total_count : null;
    if (body.data.length === 0 || (total !== null && items.length >= total) || (total === null && body.data.length < 100)) break;
  }
  return items;
}

/** GET /guardrails: every guardrail of the account (or organisation). */
export function listGuardrails(ctx: Context, key: string): Promise<Guardrail[]> {
  return pages(ctx, key, "/guardrails", "guardrail", parseGuardrail);
}

function bodyOf(spec: GuardrailSpec): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: spec.name,
    description: spec.description,
    allowed_providers: spec.allowedProviders,
    limit_usd: spec.limitUsd,
    reset_interval: spec.limitUsd === null ? null : spec.resetInterval,
  };
  for (const family of ZDR_FAMILIES) body[`enforce_zdr_${family}`] = spec.zdr;
  return body;
}

/** POST /guardrails. */
export async function createGuardrail(ctx: Context, key: string, spec: GuardrailSpec): Promise<Guardrail> {
  const url = `${managementUrl(ctx, "")}/guardrails`;
  const body = await call(ctx, key, url, "guardrail", { method: "POST", body: bodyOf(spec) });
  return parseGuardrail(body?.data, url);
}

/** PATCH /guardrails/{id}. */
export async function updateGuardrail(ctx: Context, key: string, id: string, spec: GuardrailSpec): Promise<Guardrail> {
  const url = `${managementUrl(ctx, "")}/guardrails/${encodeURIComponent(id)}`;
  const body = await call(ctx, key, url, "guardrail", { method: "PATCH", body: bodyOf(spec) });
  return parseGuardrail(body?.data, url);
}

const AssignmentSchema = z.looseObject({
  key_hash: z.string().check(z.minLength(1)),
  guardrail_id: z.string().check(z.minLength(1)),
  key_name: text,
});

/** GET /guardrails/assignments/keys: every key assignment of the account. */
export function listKeyAssignments(ctx: Context, key: string): Promise<KeyAssignment[]> {
  return pages(ctx, key, "/guardrails/assignments/keys", "guardrail", (item, url) => {
    const parsed = AssignmentSchema.safeParse(item);
    if (!parsed.success) throw malformed(url);
    return { keyHash: parsed.data.key_hash, guardrailId: parsed.data.guardrail_id, keyName: parsed.data.key_name ?? null };
  });
}

/** POST /guardrails/{id}/assignments/keys: assigns (or moves) the keys to the guardrail. */
export async function assignKeys(ctx: Context, key: string, id: string, hashes: string[]): Promise<number> {
  const url = `${managementUrl(ctx, "")}/guardrails/${encodeURIComponent(id)}/assignments/keys`;
  const body = (await call(ctx, key, url, "guardrail", { method: "POST", body: { key_hashes: hashes } })) as {
    assigned_count?: unknown;
  } | null;
  return typeof body?.assigned_count === "number" ? body.assigned_count : hashes.length;
}

const count = z.catch(z.optional(z.nullable(z.number())), null);
const ActivitySchema = z.looseObject({
  date: z.string().check(z.minLength(1)),
  model: z.catch(z.string(), "-"),
  provider_name: z.catch(z.string(), "-"),
  usage: count,
  byok_usage_inference: count,
  requests: count,
  prompt_tokens: count,
  completion_tokens: count,
  reasoning_tokens: count,
});

/** GET /activity?api_key_hash=…: one key's rows for the last 30 completed UTC days. */
export async function keyActivity(ctx: Context, key: string, hash: string): Promise<ActivityRow[]> {
  const url = `${managementUrl(ctx, "")}/activity?api_key_hash=${encodeURIComponent(hash)}`;
  const body = await call(ctx, key, url, "activity");
  if (!Array.isArray(body?.data)) throw malformed(url);
  return body.data.map((item) => {
    const parsed = ActivitySchema.safeParse(item);
    if (!parsed.success) throw malformed(url);
    const d = parsed.data;
    return {
      date: d.date.slice(0, 10),
      model: d.model,
      provider: d.provider_name,
      usage: d.usage ?? 0,
      byokUsage: d.byok_usage_inference ?? 0,
      requests: d.requests ?? 0,
      promptTokens: d.prompt_tokens ?? 0,
      completionTokens: d.completion_tokens ?? 0,
      reasoningTokens: d.reasoning_tokens ?? 0,
    };
  });
}
