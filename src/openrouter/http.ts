// HTTP for the tool's own calls: undici's request API through an EnvHttpProxyAgent built from the
// context's environment, a deadline on every request, and failures that name their cause.
// undici's files are imported one by one: its index would also bundle fetch, WebSocket,
// EventSource, the HTTP cache and the mock agent, none of which the tool uses.
import type { Dispatcher } from "undici";
import EnvHttpProxyAgent from "undici/lib/dispatcher/env-http-proxy-agent.js";
import DispatcherClass from "undici/lib/dispatcher/dispatcher.js";
import apiRequest from "undici/lib/api/api-request.js";
import apiConnect from "undici/lib/api/api-connect.js";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import type { NetworkFailure } from "../core/error-codes.js";
import type { MessageKey, MessageParams } from "../i18n/catalogue.js";
import { onShutdown } from "../core/shutdown.js";
import { setV8Flags } from "../core/v8-flags.js";
import { VERSION } from "../version.js";
import { displayProxy, proxyFor, proxySettings } from "./proxy.js";

export const DEFAULT_TIMEOUT_MS = 15_000;

// undici parses responses with a WebAssembly build of llhttp. After a few responses V8 would
// re-compile it with its optimising tier on a background thread: ~35 MB more peak memory, and a
// process that waits ~150 ms for that compile before it can exit, to speed up parsing a handful
// of small responses. A budget no run can spend keeps the parser on its baseline tier; set here,
// before undici compiles the parser (on the first connection), and only in runs that use HTTP.
// And no young-generation collection in idle time: V8 schedules one for when the event loop goes
// idle, which for a command that has answered means after its last byte of output (3–5 ms of the
// exit tail, docs/performance.md); a collection still happens whenever the heap needs one.
setV8Flags("--wasm-tiering-budget=2000000000 --no-minor-gc-task");

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

// What undici's index does for every dispatcher: request() for us, connect() for the proxy
// agent's CONNECT tunnel.
if (!(DispatcherClass.prototype as { request?: unknown }).request)
  Object.assign(DispatcherClass.prototype, { request: apiRequest, connect: apiConnect });

let dispatcherCache: { key: string; dispatcher: Dispatcher; release: () => void } | undefined;

function dispatcherFor(ctx: Context, timeoutMs: number): Dispatcher {
  const settings = proxySettings(ctx.env);
  const key = JSON.stringify([settings, timeoutMs]);
  if (dispatcherCache?.key !== key) {
    if (dispatcherCache) destroyDispatcher();
    const dispatcher: Dispatcher = new EnvHttpProxyAgent({
      ...settings,
      connectTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    dispatcherCache = { key, dispatcher, release: onShutdown(destroyDispatcher) };
  }
  return dispatcherCache.dispatcher;
}

/**
 * Drops every connection, including one still in its handshake after the deadline gave up on
 * it: without this the process would stay alive until undici's own connect timer fired.
 */
function destroyDispatcher(): Promise<void> {
  const cached = dispatcherCache;
  dispatcherCache = undefined;
  if (!cached) return Promise.resolve();
  cached.release();
  return cached.dispatcher.destroy().catch(() => undefined);
}

/** Never let a key-like string or the key itself reach a message. */
export function redact(text: string, apiKey?: string): string {
  let out = apiKey ? text.split(apiKey).join("[redacted]") : text;
  out = out.replace(/sk-[a-z]{2,5}-[A-Za-z0-9_-]{12,}/g, "[redacted]");
  return out.length > 400 ? `${out.slice(0, 400)}…` : out;
}

/** The cause's code and its words once: Node's messages often repeat the code ("ECONNREFUSED: connect ECONNREFUSED …"). */
function causeText(code: string, message: string): string {
  if (message === "" || message === code) return code;
  return message.includes(code) ? message : `${code}: ${message}`;
}

function causeCode(error: unknown): { code: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const e = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    // undici reports a refused CONNECT as UND_ERR_ABORTED; its message is what tells it apart.
    if (typeof e.message === "string" && /Proxy response|Tunneling/i.test(e.message)) return { code: "PROXY_TUNNEL", message: e.message };
    if (typeof e.code === "string" && e.code.length > 0) return { code: e.code, message: String(e.message ?? "") };
    if (e.name === "TimeoutError" || e.name === "AbortError") return { code: e.name, message: String(e.message ?? "") };
    current = e.cause;
  }
  return { code: "UNKNOWN", message: error instanceof Error ? error.message : String(error) };
}

/** Maps a failed request to the cause a person can act on (docs/openrouter.md#http-client). */
export function networkError(url: string, error: unknown, timeoutMs: number, proxy: string | null, apiKey?: string): CliError {
  const { code, message } = causeCode(error);
  const host = new URL(url).host;
  const params: MessageParams = {
    host,
    url: redact(url),
    seconds: Math.round(timeoutMs / 100) / 10,
    proxy: proxy ? displayProxy(proxy) : "",
    reason: redact(causeText(code, message), apiKey),
  };
  const make = (kind: NetworkFailure, messageKey: MessageKey, hint: MessageKey) =>
    new CliError({ code: `network.${kind}`, message: messageKey, params, hint, cause: error });
  if (code === "PROXY_TUNNEL" || (proxy && ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET"].includes(code))) {
    return make("proxy", "error.netProxy", "hint.netProxy");
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    // The host is named already; the lookup's own message would only repeat it.
    params.reason = { key: code === "EAI_AGAIN" ? "error.netDnsNoAnswer" : "error.netDnsNoName" };
    return make("dns", "error.netDns", "hint.netDns");
  }
  if (code === "ECONNREFUSED") return make("refused", "error.netRefused", "hint.netRefused");
  if (
    code === "TimeoutError" ||
    code === "AbortError" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "ETIMEDOUT"
  ) {
    return make("timeout", "error.netTimeout", "hint.netTimeout");
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return make("tls", "error.netTls", "hint.netTls");
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") return make("reset", "error.netReset", "hint.netReset");
  return make("other", "error.netOther", "hint.netOther");
}

/** OpenRouter's error text from either envelope ({error:{message}} or Anthropic's). */
export function errorMessageOf(body: unknown): string | undefined {
  if (body && typeof body === "object") {
    const error = (body as { error?: unknown }).error;
    if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
      return (error as { message: string }).message;
    }
    if (typeof error === "string") return error;
  }
  return undefined;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : null;
}

export class HttpStatusError extends CliError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly serverMessage: string,
    url: string,
    /** Response headers (Retry-After, X-Generation-Id…); lower-case names. */
    readonly headers: Record<string, string> = {},
  ) {
    const retryAfter = retryAfterSeconds(headers["retry-after"]);
    const params = { status, url: redact(url), message: serverMessage || "-", seconds: retryAfter ?? "?" };
    super({
      code: "http.status",
      message: status === 429 || (status === 503 && retryAfter !== null) ? "error.httpRetryLater" : "error.httpStatus",
      params,
      hint:
        status === 402
          ? "hint.httpPayment"
          : status === 429
            ? "hint.httpRateLimited"
            : status >= 500
              ? "hint.httpServer"
              : "hint.httpStatus",
    });
    this.retryAfter = retryAfter;
  }

  /** Seconds from Retry-After, when the server sent one. */
  readonly retryAfter: number | null;
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

/**
 * The work, or the signal's reason as soon as it aborts. undici only honours a signal once the
 * request has a connection: a TLS handshake that never answers would otherwise run on to
 * undici's own connect timer, which fires up to a second late. The abandoned connection is
 * dropped at shutdown.
 */
function untilAborted<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const running = work();
  if (signal.aborted) {
    running.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      running.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
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
    ({ status, responseHeaders, text } = await untilAborted(signal, async () => {
      const response = await dispatcherFor(ctx, timeoutMs).request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal,
      });
      return {
        status: response.statusCode,
        responseHeaders: Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [
            name.toLowerCase(),
            Array.isArray(value) ? value.join(", ") : String(value ?? ""),
          ]),
        ),
        text: await response.body.text(),
      };
    }));
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
