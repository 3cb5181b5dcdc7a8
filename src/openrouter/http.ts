// HTTP for the tool's own calls: Node's own http and https clients (its native parser), through
// the proxy the context's environment names (HTTP(S)_PROXY, NO_PROXY; an https URL through a
// CONNECT tunnel), a deadline on every request, and failures that name their cause.
import type { ClientRequest, IncomingMessage, RequestOptions as NodeRequestOptions } from "node:http";
import type { Agent } from "node:https";
import type { Socket } from "node:net";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import type { NetworkFailure } from "../core/error-codes.js";
import type { MessageKey, MessageParams } from "../i18n/catalogue.js";
import { onShutdown } from "../core/shutdown.js";
import { VERSION } from "../version.js";
import { displayProxy, proxyFor, proxySettings } from "./proxy.js";

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

type Http = typeof import("node:http");
type Https = typeof import("node:https");
const nodeHttp = (): Http => process.getBuiltinModule("node:http");
const nodeHttps = (): Https => process.getBuiltinModule("node:https");

/**
 * One keep-alive agent per scheme for direct connections (setup's requests share a connection),
 * and every socket the run opened: all are dropped when the command is done, including one still
 * in its TLS handshake after the deadline gave up on it, so the process never waits on them.
 */
const agents = new Map<string, Agent>();
const sockets = new Set<Socket>();
let releaseAtShutdown: (() => void) | undefined;

function track(socket: Socket): void {
  if (sockets.has(socket)) return; // a kept-alive connection, reused
  sockets.add(socket);
  socket.once("close", () => sockets.delete(socket));
  releaseAtShutdown ??= onShutdown(dropConnections);
}

function dropConnections(): void {
  releaseAtShutdown?.();
  releaseAtShutdown = undefined;
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
  for (const socket of sockets) socket.destroy();
  sockets.clear();
}

function agentFor(https: boolean): Agent {
  const scheme = https ? "https" : "http";
  let agent = agents.get(scheme);
  if (!agent) {
    agent = new (https ? nodeHttps() : nodeHttp()).Agent({ keepAlive: true }) as Agent;
    agents.set(scheme, agent);
  }
  return agent;
}

/** The proxy's Basic credentials from its URL, when it carries any. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "proxy-authorization": `Basic ${Buffer.from(credentials).toString("base64")}` };
}

const defaultPort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/** A CONNECT tunnel to target's host through the proxy: the socket, once the proxy said 200. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Socket> {
  const authority = `${target.hostname}:${defaultPort(target)}`;
  return new Promise((resolve, reject) => {
    const request = (proxy.protocol === "https:" ? nodeHttps() : nodeHttp()).request({
      hostname: proxy.hostname.replace(/^\[|\]$/g, ""),
      port: defaultPort(proxy),
      method: "CONNECT",
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      agent: false,
      signal,
    });
    request.once("socket", track);
    request.once("connect", (response: IncomingMessage, socket: Socket) => {
      if (response.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`Proxy response (${response.statusCode}) !== 200 when HTTP Tunneling`));
      }
    });
    request.once("error", reject);
    request.end();
  });
}

interface Sent {
  status: number;
  responseHeaders: Record<string, string>;
  text: string;
}

/** Sends one request (through the proxy when there is one) and reads the whole answer. */
async function send(
  target: URL,
  proxy: string | null,
  init: NodeRequestOptions,
  body: string | undefined,
  signal: AbortSignal,
): Promise<Sent> {
  const https = target.protocol === "https:";
  let options: NodeRequestOptions & { servername?: string };
  let viaHttps = https;
  if (proxy === null) {
    options = { ...init, agent: agentFor(https) };
  } else {
    const proxyUrl = new URL(proxy);
    if (https) {
      const socket = await tunnel(proxyUrl, target, signal);
      // No agent: Node uses createConnection only when there is none (agent: false would make one).
      options = { ...init, createConnection: () => nodeTlsConnect(socket, target.hostname) };
    } else {
      // Plain HTTP through the proxy: the request line carries the whole URL.
      viaHttps = proxyUrl.protocol === "https:";
      options = {
        ...init,
        protocol: proxyUrl.protocol,
        hostname: proxyUrl.hostname.replace(/^\[|\]$/g, ""),
        port: defaultPort(proxyUrl),
        path: target.href,
        headers: { ...init.headers, host: target.host, ...proxyAuthorization(proxyUrl) },
        agent: false,
      };
    }
  }
  return new Promise<Sent>((resolve, reject) => {
    const request: ClientRequest = (viaHttps ? nodeHttps() : nodeHttp()).request({ ...options, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("error", reject);
      response.once("aborted", () =>
        reject(Object.assign(new Error("the server closed the connection mid-answer"), { code: "ECONNRESET" })),
      );
      response.once("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          responseHeaders: Object.fromEntries(
            Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value ?? "")]),
          ),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    request.once("socket", track);
    request.once("error", reject);
    request.end(body);
  });
}

function nodeTlsConnect(socket: Socket, servername: string): Socket {
  const tls: typeof import("node:tls") = process.getBuiltinModule("node:tls");
  return tls.connect({ socket, servername: servername.replace(/^\[|\]$/g, ""), ALPNProtocols: ["http/1.1"] });
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
 * The work, or the signal's reason as soon as it aborts, whatever phase the request is in (a proxy
 * tunnel or a TLS handshake that never answers included). The abandoned connection is dropped at
 * shutdown.
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
