// OpenRouter's key management API (docs/team.md#the-openrouter-api-this-relies-on): list, create,
// update and delete API keys with a management key. Reads go through requestJson's retries; a create is never retried (a lost
// answer is found by name on the next run), nor an update or a delete.
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { getKeyInfo } from "./api.js";
import { requestJson, type RequestOptions } from "./http.js";
import { HttpStatusError, redact } from "./http-errors.js";

export const LIMIT_RESETS = ["daily", "weekly", "monthly"] as const;
export type LimitReset = (typeof LIMIT_RESETS)[number];

const money = z.catch(z.optional(z.nullable(z.number())), null);
const usage = z.catch(z.optional(z.number()), undefined);

const ManagedKeySchema = z.looseObject({
  hash: z.string().check(z.minLength(1)),
  name: z.catch(z.string(), ""),
  label: z.catch(z.optional(z.nullable(z.string())), null),
  disabled: z.catch(z.optional(z.boolean()), undefined),
  limit: money,
  limit_remaining: money,
  limit_reset: z.catch(z.optional(z.nullable(z.string())), null),
  usage,
  usage_daily: usage,
  usage_weekly: usage,
  usage_monthly: usage,
  created_at: z.catch(z.optional(z.nullable(z.string())), null),
  updated_at: z.catch(z.optional(z.nullable(z.string())), null),
  expires_at: z.catch(z.optional(z.nullable(z.string())), null),
});

/** One key as the management API describes it (never the key itself). */
export interface ManagedKey {
  hash: string;
  name: string;
  label: string | null;
  disabled: boolean;
  limit: number | null;
  limitRemaining: number | null;
  limitReset: string | null;
  usage: number;
  usageDaily: number;
  usageWeekly: number;
  usageMonthly: number;
  createdAt: string | null;
  updatedAt: string | null;
  expiresAt: string | null;
}

/** An answer of the management API that is not the documented shape. */
export function malformed(url: string): CliError {
  return new CliError({
    code: "http.malformed",
    message: "error.httpMalformed",
    params: { status: 200, url: redact(url), snippet: "data" },
    hint: "hint.httpMalformed",
  });
}

export function parseManagedKey(ctx: Pick<Context, "publicValues">, data: unknown, url: string): ManagedKey {
  const parsed = ManagedKeySchema.safeParse(data);
  if (!parsed.success) throw malformed(url);
  const d = parsed.data;
  // A key's hash is OpenRouter's id for it, not the key: reports show it whole.
  ctx.publicValues.add(d.hash);
  return {
    hash: d.hash,
    name: d.name,
    label: d.label ?? null,
    disabled: d.disabled ?? false,
    limit: d.limit ?? null,
    limitRemaining: d.limit_remaining ?? null,
    limitReset: d.limit_reset ?? null,
    usage: d.usage ?? 0,
    usageDaily: d.usage_daily ?? 0,
    usageWeekly: d.usage_weekly ?? 0,
    usageMonthly: d.usage_monthly ?? 0,
    createdAt: d.created_at ?? null,
    updatedAt: d.updated_at ?? null,
    expiresAt: d.expires_at ?? null,
  };
}

/** An endpoint of the API under the configured base: managementUrl(ctx, "/keys"). */
export function managementUrl(ctx: Context, path: string): string {
  return `${ctx.settings.apiUrl.replace(/\/+$/, "")}${path}`;
}

function keysUrl(ctx: Context, suffix = ""): string {
  return managementUrl(ctx, `/keys${suffix}`);
}

/** 401/403 from a management endpoint: the key may not manage keys (exit 3), with OpenRouter's words. */
export function refusedKey(error: unknown): unknown {
  if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) {
    return new CliError({
      code: "team.key-refused",
      exitCode: ExitCode.keyRejected,
      message: "error.teamKeyRefused",
      params: { status: error.status, message: error.serverMessage || String(error.status) },
      hint: "hint.teamManagementKey",
    });
  }
  return error;
}

/** A management call's body; a refusal in people's words (`refuse`: how a failure is told). */
export async function managementCall(
  ctx: Context,
  managementKey: string,
  url: string,
  options: RequestOptions = {},
  refuse: (error: unknown) => unknown = refusedKey,
): Promise<unknown> {
  try {
    return (await requestJson(ctx, url, { ...options, apiKey: managementKey })).body;
  } catch (error) {
    throw refuse(error);
  }
}

/**
 * GET /key with the management key: it must say is_management_key. A runtime key is refused with
 * what it is (exit 3), before any key is listed or created.
 */
export async function assertManagementKey(ctx: Context, managementKey: string): Promise<void> {
  const info = await getKeyInfo(ctx, managementKey);
  if (!info.isManagementKey) {
    throw new CliError({
      code: "team.runtime-key",
      exitCode: ExitCode.keyRejected,
      message: "error.teamRuntimeKey",
      params: { label: info.label ?? "-" },
      hint: "hint.teamManagementKey",
    });
  }
}

/** A runaway server that ignores offset would otherwise page forever. */
const MAX_PAGES = 1000;

/**
 * Every key of the account, disabled ones included: GET /keys pages through `offset` (the page
 * size is the server's) until a page comes back empty or repeats what was already seen.
 */
export async function listKeys(ctx: Context, managementKey: string): Promise<ManagedKey[]> {
  const keys: ManagedKey[] = [];
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = keysUrl(ctx, `?include_disabled=true&offset=${keys.length}`);
    const data = ((await managementCall(ctx, managementKey, url)) as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw malformed(url);
    const fresh = data.map((item) => parseManagedKey(ctx, item, url)).filter((key) => !seen.has(key.hash));
    if (fresh.length === 0) return keys;
    for (const key of fresh) {
      seen.add(key.hash);
      keys.push(key);
    }
  }
  return keys;
}

export interface NewKeySpec {
  name: string;
  limit: number;
  limitReset: LimitReset | null;
}

export interface CreatedKey {
  /** The secret itself, shown this once. */
  key: string;
  record: ManagedKey;
}

/** POST /keys: a new capped key. Its secret is registered for redaction before anything else. */
export async function createKey(ctx: Context, managementKey: string, spec: NewKeySpec): Promise<CreatedKey> {
  const url = keysUrl(ctx);
  const body = (await managementCall(ctx, managementKey, url, {
    method: "POST",
    body: { name: spec.name, limit: spec.limit, limit_reset: spec.limitReset },
  })) as { key?: unknown; data?: unknown } | null;
  const key = typeof body?.key === "string" ? body.key : "";
  if (key.length > 0) ctx.secrets.add(key);
  if (key.length === 0) throw malformed(url);
  return { key, record: parseManagedKey(ctx, body?.data, url) };
}

export interface KeyChanges {
  disabled?: boolean;
  limit?: number;
  limitReset?: LimitReset | null;
}

/** PATCH /keys/{hash}: the key's new record. */
export async function updateKey(ctx: Context, managementKey: string, hash: string, changes: KeyChanges): Promise<ManagedKey> {
  const url = keysUrl(ctx, `/${encodeURIComponent(hash)}`);
  const body: Record<string, unknown> = {};
  if (changes.disabled !== undefined) body.disabled = changes.disabled;
  if (changes.limit !== undefined) body.limit = changes.limit;
  if (changes.limitReset !== undefined) body.limit_reset = changes.limitReset;
  const answer = (await managementCall(ctx, managementKey, url, { method: "PATCH", body })) as { data?: unknown } | null;
  return parseManagedKey(ctx, answer?.data, url);
}

/** DELETE /keys/{hash}. */
export async function deleteKey(ctx: Context, managementKey: string, hash: string): Promise<void> {
  await managementCall(ctx, managementKey, keysUrl(ctx, `/${encodeURIComponent(hash)}`), { method: "DELETE" });
}

/** A 404 from /keys/{hash}: the key is gone (deleted elsewhere). */
export function isKeyGone(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status === 404;
}
