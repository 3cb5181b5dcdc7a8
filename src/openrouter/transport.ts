// The wire under the tool's HTTP: Node's own http and https clients (its native parser), through
// the proxy the context's environment names (an https URL through a CONNECT tunnel), one
// keep-alive agent per scheme, and every socket dropped when the command is done.
import type { ClientRequest, IncomingMessage, RequestOptions as NodeRequestOptions } from "node:http";
import type { Agent } from "node:https";
import type { Socket } from "node:net";
import { onShutdown } from "../core/shutdown.js";

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

export const defaultPort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

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
export async function send(
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

/**
 * The work, or the signal's reason as soon as it aborts, whatever phase the request is in (a proxy
 * tunnel or a TLS handshake that never answers included). The abandoned connection is dropped at
 * shutdown.
 */
export function untilAborted<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
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
