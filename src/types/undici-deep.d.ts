// undici's own files, imported directly so that the bundle carries the HTTP client and the proxy
// agent but not fetch, WebSocket, EventSource, the cache or the mock agent (see openrouter/http.ts).
declare module "undici/lib/dispatcher/env-http-proxy-agent.js" {
  import type { EnvHttpProxyAgent } from "undici";
  const Agent: typeof EnvHttpProxyAgent;
  export = Agent;
}
declare module "undici/lib/dispatcher/dispatcher.js" {
  import type { Dispatcher } from "undici";
  const DispatcherClass: typeof Dispatcher;
  export = DispatcherClass;
}
declare module "undici/lib/api/api-request.js" {
  const request: (...args: unknown[]) => unknown;
  export = request;
}
declare module "undici/lib/api/api-connect.js" {
  const connect: (...args: unknown[]) => unknown;
  export = connect;
}
