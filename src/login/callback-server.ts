// The loopback server the browser comes back to after signing in: one random port on 127.0.0.1
// and ::1 (browsers resolve `localhost` to either), one unguessable path, one answer, then closed.
// The path carries the sign-in's `state` (OpenRouter does not document echoing a `state`
// parameter, docs/sign-in.md): a request on any other path, or with a `state` that is not ours,
// is answered "not found" and ignored, and what it carried is never shown.
import { nodeCrypto } from "../core/digest.js";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { renderPage, type Page } from "./page.js";
import { osReason } from "../core/os-error.js";

/**
 * What OpenRouter sent the browser back with: a code, or an error (denied, cancelled, no code);
 * or `intercepted`: the start address was asked for twice, so someone else may have the state.
 */
export type CallbackOutcome = { code: string } | { error: string } | { intercepted: true };

export interface CallbackServer {
  /** http://localhost:<port>/callback/<state>: what OpenRouter is asked to send the browser to. */
  callbackUrl: string;
  /** The random token only the real callback carries (in its path; also as `state` when echoed). */
  state: string;
  /**
   * http://localhost:<port>/start/<random>: what the browser is started with. It answers once, with
   * a redirect to the sign-in page (set by `startAt`), so the browser's command line, which other
   * local users can read, holds neither the callback's address nor the state.
   */
  startUrl: string;
  /** The sign-in page the start address sends the browser to. */
  startAt(signInUrl: string): void;
  port: number;
  /** Settles with the first request on the callback path; other requests never settle it. */
  outcome: Promise<CallbackOutcome>;
  close(): Promise<void>;
}

/** A random port is taken again when ::1 has it already; a fixed one (test seam) is not. */
const BIND_ATTEMPTS = 5;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Equal, compared in constant time (digests first, so that the lengths match too). */
function sameSecret(a: string, b: string): boolean {
  const crypto = nodeCrypto();
  const digest = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

/**
 * Whether a request is the browser coming back from our sign-in: our path (which holds the state)
 * and, when a `state` parameter is present, our state again.
 */
function isOurCallback(url: URL, path: string, state: string): boolean {
  if (!sameSecret(url.pathname, path)) return false;
  const echoed = url.searchParams.getAll("state");
  return echoed.every((value) => sameSecret(value, state));
}

/** Host headers a browser sends for our callback URL (or the addresses behind `localhost`). */
function isOurHost(host: string | undefined, port: number): boolean {
  return host === `localhost:${port}` || host === `127.0.0.1:${port}` || host === `[::1]:${port}`;
}

/**
 * Starts listening. `port` (0: any free one) comes from a test seam (core/seams.ts). A port that
 * cannot be bound on 127.0.0.1 is a `login.port` error; ::1 is optional (machines without IPv6
 * resolve `localhost` to 127.0.0.1 only).
 */
export async function startCallbackServer(ctx: Pick<Context, "ui">, port = 0): Promise<CallbackServer> {
  const { randomBytes } = nodeCrypto();
  const state = randomBytes(32).toString("base64url");
  const path = `/callback/${state}`;
  const startPath = `/start/${randomBytes(32).toString("base64url")}`;
  let signInUrl: string | null = null;
  let started = false;
  let settle: (outcome: CallbackOutcome) => void = () => undefined;
  const outcome = new Promise<CallbackOutcome>((resolve) => {
    settle = resolve;
  });
  let answered = false;
  let boundPort = 0;
  const servers: Server[] = [];
  const close = async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  };

  const send = (res: ServerResponse, page: Page, after?: () => void) => {
    res.writeHead(page.status, page.headers);
    res.end(page.html, after);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!answered && req.method === "GET" && isOurHost(req.headers.host, boundPort) && sameSecret(url.pathname, startPath)) {
      if (started || signInUrl === null) {
        // Asked for twice: the first may not have been the browser. The sign-in stops.
        answered = true;
        send(res, renderPage(ctx, "not-found"), () => void close());
        settle({ intercepted: true });
        return;
      }
      started = true;
      res.writeHead(302, { location: signInUrl, "cache-control": "no-store", "referrer-policy": "no-referrer", connection: "close" });
      res.end();
      return;
    }
    if (answered || req.method !== "GET" || !isOurHost(req.headers.host, boundPort) || !isOurCallback(url, path, state)) {
      send(res, renderPage(ctx, "not-found"));
      return;
    }
    answered = true;
    const code = url.searchParams.get("code")?.trim();
    const error = url.searchParams.get("error_description") || url.searchParams.get("error") || "";
    const result: CallbackOutcome = code && !error ? { code } : { error: (error || "no code").slice(0, 200) };
    send(res, renderPage(ctx, "code" in result ? "done" : "error", "error" in result ? result.error : ""), () => {
      void close();
    });
    settle(result);
  };

  let lastError: unknown;
  for (let attempt = 0; attempt < (port === 0 ? BIND_ATTEMPTS : 1); attempt++) {
    const v4 = createServer(handle);
    try {
      boundPort = await listen(v4, port, "127.0.0.1");
    } catch (error) {
      lastError = error;
      await closeServer(v4);
      continue;
    }
    servers.push(v4);
    const v6 = createServer(handle);
    try {
      await listen(v6, boundPort, "::1");
      servers.push(v6);
    } catch (error) {
      await closeServer(v6);
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE" && port === 0) {
        // Another program has this port on ::1: a browser going there would never reach us.
        lastError = error;
        await close();
        continue;
      }
      // No IPv6 loopback here: `localhost` then means 127.0.0.1 only.
    }
    for (const server of servers) server.keepAliveTimeout = 1000;
    return {
      callbackUrl: `http://localhost:${boundPort}${path}`,
      state,
      startUrl: `http://localhost:${boundPort}${startPath}`,
      startAt: (url: string) => {
        signInUrl = url;
      },
      port: boundPort,
      outcome,
      close,
    };
  }
  throw new CliError({
    code: "login.port",
    message: "error.loginPort",
    params: { reason: osReason(lastError) },
    hint: "hint.loginPort",
    cause: lastError,
  });
}
