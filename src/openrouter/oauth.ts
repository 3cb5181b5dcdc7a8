// OpenRouter's sign-in with OAuth PKCE (docs/openrouter.md#sign-in-with-oauth-pkce): the code
// verifier and its S256 challenge, the page the user opens, and the exchange of the code for a key.
import { nodeCrypto } from "../core/digest.js";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { DEFAULT_TIMEOUT_MS, requestJson } from "./http.js";
import { HttpStatusError, redact } from "./http-errors.js";

/** The name of a signed-in key when the machine's name is unknown. */
export const KEY_LABEL = "Claude Desktop (claude-desktop-openrouter)";

/** Resets of a key's spending cap OpenRouter knows (`usage_limit_type`); "never" sends none. */
export const KEY_LIMIT_RESETS = ["daily", "weekly", "monthly", "never"] as const;
export type KeyLimitReset = (typeof KEY_LIMIT_RESETS)[number];

/** What the key sign-in creates carries: its name on the account, and a spending cap when asked. */
export interface KeyRequest {
  label: string;
  /** USD; undefined: no cap. */
  limit?: number | undefined;
  reset?: KeyLimitReset | undefined;
}

/**
 * The name a signed-in key carries on https://openrouter.ai/settings/keys: Claude Desktop and
 * this machine, so the user can tell which computer a key is on and delete the right one.
 */
export function keyLabel(ctx: Pick<Context, "hostname">): string {
  // The system's name reaches OpenRouter's page and our output: printable ASCII only, and short.
  const host = (ctx.hostname ?? "")
    .replace(/[^\x21-\x7e]/g, "")
    .replace(/\.local$/i, "")
    .slice(0, 40);
  return host ? `Claude Desktop on ${host} (claude-desktop-openrouter)` : KEY_LABEL;
}

export interface Pkce {
  /** Secret until the exchange: it proves that whoever exchanges the code started the sign-in. */
  verifier: string;
  /** base64url(SHA-256(verifier)): public, it goes into the sign-in URL. */
  challenge: string;
  method: "S256";
}

export function s256(verifier: string): string {
  return nodeCrypto().createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** A verifier of 32 random bytes (43 base64url characters) and its S256 challenge. */
export function createPkce(bytes: Buffer = nodeCrypto().randomBytes(32)): Pkce {
  const verifier = bytes.toString("base64url");
  return { verifier, challenge: s256(verifier), method: "S256" };
}

/**
 * Where the sign-in page lives: the origin the tool's own API calls go to, so that --base-url (or
 * the API test seam) points the whole sign-in at the same server as every other request.
 */
export function authOrigin(ctx: Pick<Context, "settings">): string {
  return new URL(ctx.settings.apiUrl).origin;
}

/**
 * The page the user opens. With a callback, OpenRouter sends the browser back to it with
 * ?code=…; without one (no browser here) it shows the code. Either way the key it creates is
 * named key_label and, when asked, capped with limit (USD) and usage_limit_type (its reset), the
 * fields OpenRouter documents for the key an authorisation creates (docs/sign-in.md). `state` is
 * sent as OAuth's parameter of that name; the callback's path carries it too, since OpenRouter
 * does not document sending it back.
 */
export function signInUrl(ctx: Pick<Context, "settings">, pkce: Pkce, callbackUrl?: string, key?: KeyRequest, state?: string): string {
  const url = new URL("/auth", authOrigin(ctx));
  if (callbackUrl) url.searchParams.set("callback_url", callbackUrl);
  if (callbackUrl && state) url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", pkce.challenge);
  url.searchParams.set("code_challenge_method", pkce.method);
  url.searchParams.set("key_label", key?.label ?? KEY_LABEL);
  if (key?.limit !== undefined) url.searchParams.set("limit", String(key.limit));
  if (key?.limit !== undefined && key.reset && key.reset !== "never") url.searchParams.set("usage_limit_type", key.reset);
  return url.toString();
}

/**
 * POST /v1/auth/keys: the code and the verifier for a key. No Authorization header (the user has
 * no key yet). The key is registered as a secret before anything else happens to it.
 */
export async function exchangeCode(ctx: Context, code: string, pkce: Pkce): Promise<string> {
  const url = `${ctx.settings.apiUrl.replace(/\/+$/, "")}/auth/keys`;
  const timeoutMs = ctx.settings.httpTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  let body: unknown;
  try {
    ({ body } = await requestJson(ctx, url, {
      method: "POST",
      timeoutMs,
      body: { code, code_verifier: pkce.verifier, code_challenge_method: pkce.method },
    }));
  } catch (error) {
    throw exchangeError(error, timeoutMs);
  }
  const key = (body as { key?: unknown } | null)?.key;
  if (typeof key !== "string" || key.trim().length === 0) {
    throw new CliError({
      code: "http.malformed",
      message: "error.httpMalformed",
      params: { status: 200, url: redact(url), snippet: "key" },
      hint: "hint.httpMalformed",
    });
  }
  ctx.secrets.add(key.trim());
  return key.trim();
}

/** OpenRouter's refusals of a code, and a deadline, in words that say what to do next. */
function exchangeError(error: unknown, timeoutMs: number): unknown {
  if (error instanceof HttpStatusError && error.status === 400) {
    return new CliError({
      code: "login.method-mismatch",
      message: "error.loginMethodMismatch",
      params: { message: error.serverMessage || "400" },
      hint: "hint.loginMethodMismatch",
      cause: error,
    });
  }
  if (error instanceof HttpStatusError && error.status === 403) {
    const expired = /expired/i.test(error.serverMessage);
    return new CliError({
      code: expired ? "login.code-expired" : "login.code-invalid",
      message: expired ? "error.loginCodeExpired" : "error.loginCodeInvalid",
      params: { message: error.serverMessage || "403" },
      hint: "hint.loginAgain",
      cause: error,
    });
  }
  if (error instanceof CliError && error.code === "network.timeout") {
    return new CliError({
      code: "login.exchange-timeout",
      exitCode: ExitCode.failed,
      message: "error.loginExchangeTimeout",
      params: { seconds: Math.round(timeoutMs / 100) / 10 },
      hint: "hint.loginExchangeTimeout",
      cause: error,
    });
  }
  return error;
}
