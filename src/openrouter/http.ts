// HTTP for the tool's own calls: JSON requests with a deadline on every one (retries included),
// through the proxy the context's environment names (HTTP(S)_PROXY, NO_PROXY), and failures that
// name their cause. The wire is in transport.ts, the failures in http-errors.ts.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { VERSION } from "../version.js";
import { errorMessageOf, HttpStatusError, networkError, redact } from "./http-errors.js";
import { proxyFor, proxySettings } from "./proxy.js";
import { defaultPort, send, untilAborted } from "./transport.js";

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body. */
  body: unknown;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  apiKey?: string;
  timeoutMs?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send no attribution headers (user-agent, title, referer): a request exactly as another client sends it. */
  bare?: boolean;
}

/**
 * One request with a deadline covering connect, headers and body, retries included: a GET that
 * meets 429/5xx or a reset connection is tried again (up to 3 times, honouring Retry-After) while
 * the deadline allows. Returns parsed JSON for 2xx; throws HttpStatusError for other statuses,
 * and typed network/body errors otherwise.
 */
export async function requestJson(ctx: Context, url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? ctx.settings.httpTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = ctx.clock.now().getTime() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await requestOnce(ctx, url, options, timeoutMs, deadline);
    } catch (error) {
      // Only reads are retried (the Messages POST costs money), only within the same deadline.
      const wait = (options.method ?? "GET") === "GET" && attempt < MAX_ATTEMPTS ? retryDelayMs(error, attempt) : null;
      if (wait === null || ctx.clock.now().getTime() + wait + MIN_ATTEMPT_MS > deadline) throw error;
      await ctx.clock.sleep(wait);
    }
  }
}

const MAX_ATTEMPTS = 3;
/** A retry is only worth it when this much of the deadline is left after the wait. */
const MIN_ATTEMPT_MS = 500;
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** How long to wait before trying a failed GET again, or null when a retry cannot help. */
export function retryDelayMs(error: unknown, attempt: number): number | null {
  const backoff = 250 * 2 ** (attempt - 1);
  if (error instanceof HttpStatusError) {
    if (!RETRY_STATUSES.has(error.status)) return null;
    return error.retryAfter !== null ? error.retryAfter * 1000 : backoff;
  }
  return error instanceof CliError && error.code === "network.reset" ? backoff : null;
}

async function requestOnce(ctx: Context, url: string, options: RequestOptions, timeoutMs: number, deadline: number): Promise<HttpResponse> {
  const proxy = proxyFor(url, proxySettings(ctx.env));
  const headers: Record<string, string> = {
    accept: "application/json",
    ...(options.bare
      ? {}
      : {
          "user-agent": `claude-desktop-openrouter/${VERSION}`,
          "x-openrouter-title": "claude-desktop-openrouter",
          "http-referer": "https://www.npmjs.com/package/claude-desktop-openrouter",
        }),
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let status: number;
  let responseHeaders: Record<string, string>;
  let text: string;
  try {
    const target = new URL(url);
    const signal = AbortSignal.timeout(Math.max(1, deadline - ctx.clock.now().getTime()));
    ({ status, responseHeaders, text } = await untilAborted(signal, () =>
      send(
        target,
        proxy,
        {
          protocol: target.protocol,
          hostname: target.hostname.replace(/^\[|\]$/g, ""),
          port: defaultPort(target),
          path: `${target.pathname}${target.search}`,
          method: options.method ?? "GET",
          headers,
        },
        options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal,
      ),
    ));
  } catch (error) {
    throw networkError(url, error, timeoutMs, proxy, options.apiKey);
  }
  const contentType = responseHeaders["content-type"] ?? "";
  if (/text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) {
    throw new CliError({
      code: "http.html",
      message: "error.httpHtml",
      params: { status, url: redact(url) },
      hint: "hint.httpHtml",
      cause: { status, headers: responseHeaders },
    });
  }
  let body: unknown;
  try {
    body = text.length === 0 ? null : JSON.parse(text);
  } catch {
    if (status >= 200 && status < 300) {
      throw new CliError({
        code: "http.malformed",
        message: "error.httpMalformed",
        params: { status, url: redact(url), snippet: redact(text.slice(0, 80), options.apiKey) },
        hint: "hint.httpMalformed",
      });
    }
    body = null;
  }
  if (status < 200 || status >= 300) {
    throw new HttpStatusError(status, body, redact(errorMessageOf(body) ?? text.slice(0, 200), options.apiKey), url, responseHeaders);
  }
  return { status, headers: responseHeaders, body };
}
