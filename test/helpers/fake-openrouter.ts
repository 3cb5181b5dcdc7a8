// A loopback OpenRouter: the routes the tool calls (docs/openrouter.md), answering from fixtures, with
// per-route overrides for failure scenarios, and the sign-in (/auth and the code exchange). Every
// request is recorded.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll } from "vitest";
import type { AddressInfo } from "node:net";
import { fixture, SIGN_IN_KEY, TEST_KEY } from "./fixtures.js";
import { ManagementStore } from "./fake-management.js";

export interface RouteReply {
  status?: number;
  body?: unknown;
  /** Raw text body (for HTML or malformed JSON). */
  text?: string;
  headers?: Record<string, string>;
  /** A server that is slow: the answer goes out this many ms later (for a deadline to run out on). */
  delayMs?: number;
  /**
   * The answer goes out once this settles (never, if it never does): a test holds a reply until
   * an event, e.g. until another request has arrived, instead of for a time.
   */
  after?: Promise<unknown>;
  /** Destroy the socket without answering. */
  hangUp?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeOpenRouter {
  /** Base URL as Claude Desktop would get it: http://127.0.0.1:<port>/api */
  baseUrl: string;
  /** Where the tool's own calls go: <baseUrl>/v1 */
  apiUrl: string;
  requests: RecordedRequest[];
  routes: Record<string, RouteReply | ((req: RecordedRequest) => RouteReply)>;
  /** Keys /key accepts (default: the test key; management and minted keys are the store's). */
  validKeys: Set<string>;
  /** The key management API's state: keys, page size, credits. */
  management: ManagementStore;
  /** OpenRouter's sign-in: GET /auth and POST /api/v1/auth/keys. */
  oauth: FakeOAuth;
  /** Back to the fixture answers of defaultRoutes(), with the request log emptied. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOAuth {
  /** Every code /auth handed out, by code. */
  codes: Map<
    string,
    {
      challenge: string;
      method: string;
      callbackUrl: string | null;
      keyLabel: string | null;
      /** limit and usage_limit_type as /auth received them (null: none). */
      limit: string | null;
      usageLimitType: string | null;
      issuedAt: number;
      used: boolean;
    }
  >;
  /** false: the minted key ignores the cap /auth was given (GET /key then shows none). */
  applyCap: boolean;
  /** What the last exchange minted: the name and cap /auth was given, as GET /key answers for it. */
  minted: { label: string | null; limit: number | null; limitReset: string | null } | null;
  /** How long a code may be exchanged (OpenRouter: 10 minutes). */
  codeTtlMs: number;
  /** /auth sends the browser back with ?error=… instead of a code: the user denied access. */
  deny: string | null;
  /** The key an exchange mints. */
  mintedKey: string;
  /** /auth sends `state` back on the callback (OpenRouter does not document doing so: off by default). */
  echoState: boolean;
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

function newOAuth(): FakeOAuth {
  return { codes: new Map(), codeTtlMs: 10 * 60_000, deny: null, mintedKey: SIGN_IN_KEY, echoState: false, applyCap: true, minted: null };
}

/**
 * GET /auth as OpenRouter's page behaves once the user signed in and allowed access: with a
 * callback_url it redirects there with ?code=… (or ?error=… when denying); without one it shows
 * the code in the page for the user to copy.
 */
function authPage(oauth: FakeOAuth, query: URLSearchParams): RouteReply {
  const challenge = query.get("code_challenge");
  const callbackUrl = query.get("callback_url");
  if (!challenge)
    return { status: 400, text: "<!DOCTYPE html><p>code_challenge is required</p>", headers: { "content-type": "text/html" } };
  if (callbackUrl && oauth.deny) {
    const target = new URL(callbackUrl);
    target.searchParams.set("error", oauth.deny);
    return { status: 302, headers: { location: target.toString() }, text: "" };
  }
  const code = randomBytes(12).toString("hex");
  oauth.codes.set(code, {
    challenge,
    method: query.get("code_challenge_method") ?? "plain",
    callbackUrl,
    keyLabel: query.get("key_label"),
    limit: query.get("limit"),
    usageLimitType: query.get("usage_limit_type"),
    issuedAt: Date.now(),
    used: false,
  });
  if (!callbackUrl) {
    return {
      text: `<!DOCTYPE html><html><body><p>Copy this code into your app:</p><code id="code">${code}</code></body></html>`,
      headers: { "content-type": "text/html" },
    };
  }
  const target = new URL(callbackUrl);
  target.searchParams.set("code", code);
  const state = query.get("state");
  if (oauth.echoState && state !== null) target.searchParams.set("state", state);
  return { status: 302, headers: { location: target.toString() }, text: "" };
}

/** POST /api/v1/auth/keys: single use, expiry, method and S256 verifier checked as OpenRouter does. */
function exchange(state: { oauth: FakeOAuth; validKeys: Set<string> }, body: string): RouteReply {
  let request: { code?: unknown; code_verifier?: unknown; code_challenge_method?: unknown };
  try {
    request = JSON.parse(body);
  } catch {
    return { status: 400, body: { error: { code: 400, message: "Invalid JSON" } } };
  }
  const issued = typeof request.code === "string" ? state.oauth.codes.get(request.code) : undefined;
  const method = typeof request.code_challenge_method === "string" ? request.code_challenge_method : "plain";
  if (issued && method !== issued.method) return { status: 400, body: { error: { code: 400, message: "Invalid code_challenge_method" } } };
  const verifier = typeof request.code_verifier === "string" ? request.code_verifier : "";
  const proof = method === "S256" ? s256(verifier) : verifier;
  if (!issued || issued.used || proof !== issued.challenge) {
    return { status: 403, body: { error: { code: 403, message: "Invalid code or code_verifier" } } };
  }
  issued.used = true;
  if (Date.now() - issued.issuedAt > state.oauth.codeTtlMs) {
    return { status: 403, body: { error: { code: 403, message: "Authorization code expired" } } };
  }
  state.validKeys.add(state.oauth.mintedKey);
  const limit = state.oauth.applyCap && issued.limit !== null ? Number(issued.limit) : null;
  state.oauth.minted = { label: issued.keyLabel, limit, limitReset: limit !== null ? issued.usageLimitType : null };
  return { body: { key: state.oauth.mintedKey, user_id: "user_fake0000000000000000000" } };
}

export function defaultRoutes(): FakeOpenRouter["routes"] {
  return {
    "GET /api/v1/key": { body: fixture("key.ok.capped.json") },
    "GET /api/v1/models": { body: fixture("models.openrouter.json") },
    "GET /api/v1/models/user": { body: fixture("models.openrouter.json") },
    "GET /api/v1/credits": { status: 403, body: fixture("credits.403.json") },
  };
}

const AUTHENTICATED = new Set(["GET /api/v1/key", "GET /api/v1/models/user", "GET /api/v1/credits", "POST /api/v1/messages"]);

/** The key management API's routes ("{hash}" stands for any key hash), answering from fake-management.ts's store. */
function managementRoutes(store: ManagementStore, oauth: () => FakeOAuth): FakeOpenRouter["routes"] {
  const one = (req: RecordedRequest) => store.one(req);
  return {
    "GET /api/v1/key": (req) => store.currentKey(req) ?? signedInKey(oauth(), req) ?? { body: fixture("key.ok.capped.json") },
    "GET /api/v1/credits": (req) => store.credit(req),
    "GET /api/v1/keys": (req) => store.list(req),
    "POST /api/v1/keys": (req) => store.create(req),
    "GET /api/v1/keys/{hash}": one,
    "PATCH /api/v1/keys/{hash}": one,
    "DELETE /api/v1/keys/{hash}": one,
    "GET /api/v1/guardrails": (req) => store.guardrailList(req),
    "POST /api/v1/guardrails": (req) => store.guardrailList(req),
    "GET /api/v1/guardrails/{id}": (req) => store.guardrailOne(req),
    "PATCH /api/v1/guardrails/{id}": (req) => store.guardrailOne(req),
    "DELETE /api/v1/guardrails/{id}": (req) => store.guardrailOne(req),
    "GET /api/v1/guardrails/assignments/keys": (req) => store.allAssignments(req),
    "GET /api/v1/guardrails/{id}/assignments/keys": (req) => store.keyAssignments(req),
    "POST /api/v1/guardrails/{id}/assignments/keys": (req) => store.keyAssignments(req),
    "GET /api/v1/activity": (req) => store.activityOf(req),
  };
}

/** GET /key for the key sign-in minted: the cap it was given (the fixture's other fields). */
function signedInKey(oauth: FakeOAuth, req: RecordedRequest): RouteReply | undefined {
  if (!oauth.minted || String(req.headers.authorization ?? "") !== `Bearer ${oauth.mintedKey}`) return undefined;
  const body = fixture("key.ok.capped.json") as { data: Record<string, unknown> };
  const { limit, limitReset } = oauth.minted;
  const usage = typeof body.data.usage === "number" ? body.data.usage : 0;
  return {
    body: { data: { ...body.data, limit, limit_reset: limitReset, limit_remaining: limit === null ? null : Math.max(0, limit - usage) } },
  };
}

export async function startFakeOpenRouter(overrides: FakeOpenRouter["routes"] = {}): Promise<FakeOpenRouter> {
  const management = new ManagementStore();
  const state = {
    requests: [] as RecordedRequest[],
    routes: { ...defaultRoutes(), ...managementRoutes(management, (): FakeOAuth => state.oauth), ...overrides },
    validKeys: new Set([TEST_KEY]),
    oauth: newOAuth(),
  };
  const oauthRoutes: FakeOpenRouter["routes"] = {
    "GET /auth": (req) => authPage(state.oauth, req.query),
    "POST /api/v1/auth/keys": (req) => exchange(state, req.body),
  };
  const accepted = (bearer: string) =>
    state.validKeys.has(bearer) || management.managementKeys.has(bearer) || management.keys.some((k) => k.key === bearer);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const path = url.pathname;
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      state.requests.push(recorded);
      const routeKey = `${recorded.method} ${path
        .replace(/^\/api\/v1\/keys\/[^/]+$/, "/api/v1/keys/{hash}")
        .replace(/^\/api\/v1\/guardrails\/(?!assignments\/)[^/]+(\/assignments\/keys)?$/, "/api/v1/guardrails/{id}$1")}`;
      const route = state.routes[routeKey] ?? oauthRoutes[routeKey];
      let reply: RouteReply;
      if (!route) {
        reply = { status: 404, text: "<!DOCTYPE html><html><body>Not Found</body></html>", headers: { "content-type": "text/html" } };
      } else if (AUTHENTICATED.has(routeKey) && !accepted(String(req.headers.authorization ?? "").replace(/^Bearer /, ""))) {
        reply = { status: 401, body: fixture("key.401.user-not-found.json") };
      } else {
        reply = typeof route === "function" ? route(recorded) : route;
      }
      const send = () => {
        // The client gave up waiting (its deadline): nothing to answer.
        if (req.socket.destroyed) return;
        if (reply.hangUp) {
          req.socket.destroy();
          return;
        }
        const text = reply.text ?? JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(text);
      };
      if (reply.after) void reply.after.then(send, send);
      else if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api`;
  return {
    baseUrl,
    apiUrl: `${baseUrl}/v1`,
    get requests() {
      return state.requests;
    },
    get routes() {
      return state.routes;
    },
    set routes(value) {
      state.routes = value;
    },
    validKeys: state.validKeys,
    management,
    get oauth() {
      return state.oauth;
    },
    reset() {
      management.reset();
      state.routes = { ...defaultRoutes(), ...managementRoutes(management, () => state.oauth), ...overrides };
      state.requests.length = 0;
      state.oauth = newOAuth();
      state.validKeys.delete(SIGN_IN_KEY);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fake OpenRouter for the whole test file: started before its tests, closed after them. The
 * returned object forwards to the running server, so `fake.apiUrl` and `fake.routes = …` work.
 */
export function useFakeOpenRouter(overrides: FakeOpenRouter["routes"] = {}): FakeOpenRouter {
  let server: FakeOpenRouter | undefined;
  beforeAll(async () => {
    server = await startFakeOpenRouter(overrides);
  });
  afterAll(async () => {
    await server?.close();
  });
  const running = (): FakeOpenRouter => {
    if (!server) throw new Error("the fake OpenRouter starts in beforeAll: use it inside tests and hooks");
    return server;
  };
  return new Proxy({} as FakeOpenRouter, {
    get: (_target, name) => Reflect.get(running(), name),
    set: (_target, name, value) => Reflect.set(running(), name, value),
  });
}
