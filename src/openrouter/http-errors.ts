// The tool's HTTP failures, each naming its cause: a request that never got an answer (DNS, refused,
// timeout, TLS, reset, the proxy), a status that is not 2xx with the server's own words, and
// nothing key-like ever in a message.
import { CliError } from "../core/errors.js";
import type { NetworkFailure } from "../core/error-codes.js";
import type { MessageKey, MessageParams } from "../i18n/catalogue.js";
import { displayProxy } from "./proxy.js";

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
    // A refused CONNECT is told apart by its message (send() words it so).
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
  if (code === "PROXY_TUNNEL" || (proxy && ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN"].includes(code))) {
    return make("proxy", "error.netProxy", "hint.netProxy");
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    // The host is named already; the lookup's own message would only repeat it.
    params.reason = { key: code === "EAI_AGAIN" ? "error.netDnsNoAnswer" : "error.netDnsNoName" };
    return make("dns", "error.netDns", "hint.netDns");
  }
  if (code === "ECONNREFUSED") return make("refused", "error.netRefused", "hint.netRefused");
  if (code === "TimeoutError" || code === "AbortError" || code === "ABORT_ERR" || code === "ETIMEDOUT") {
    return make("timeout", "error.netTimeout", "hint.netTimeout");
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return make("tls", "error.netTls", "hint.netTls");
  if (code === "ECONNRESET" || code === "EPIPE") return make("reset", "error.netReset", "hint.netReset");
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
