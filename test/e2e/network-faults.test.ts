// Network faults. Each fault gives its specific error code and message for every command that
// calls OpenRouter; a server that never finishes its answer ends the run with the timeout error
// naming the host and the deadline, the request not tried again. (That the deadline is what the
// context's clock leaves of it, retries included, is test/unit/http.test.ts's.) The commands are
// a table: doctor reports the same faults as check outcomes (test/e2e/doctor-checks.test.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, TEST_KEY } from "../helpers/fixtures.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

const TIMEOUT_MS = 1500;

/** Commands that call OpenRouter, and the argv that makes each do so non-interactively. */
const COMMANDS: Record<string, string[]> = {
  setup: ["setup", "--yes", "--json"],
  status: ["status", "--json"],
  models: ["models", "--json"],
};

/** Where a command's answer differs: `models` reads the public list, so a 401 is just a status. */
const EXPECT_INSTEAD: Record<string, Record<string, Pick<Fault, "code" | "exit" | "message">>> = {
  models: { "401": { code: "http.status", exit: 1, message: /401.*User not found\./ } },
};

interface Fault {
  /** Where the tool's API calls go, and extra environment (proxies). */
  target: () => { apiUrl: string; env?: Record<string, string> };
  code: string;
  exit: number;
  /** A function when the message names something known only once the servers run. */
  message: RegExp | (() => RegExp);
  /**
   * Why this fault cannot be produced here (a program it needs is missing): the case then fails
   * with that reason. It never passes without having run.
   */
  unavailable?: () => string | undefined;
}

const servers: { close(): unknown }[] = [];
function track<T extends { close(): unknown }>(server: T): T {
  servers.push(server);
  return server;
}
async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** The paths each loopback API was asked for, by its URL (emptied before each case). */
const asked = new Map<string, string[]>();

/** A loopback API where every route (/key, /models, /credits) answers with the given behaviour. */
async function api(handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void): Promise<string> {
  const paths: string[] = [];
  const server = track(
    createHttpServer((req, res) => {
      paths.push(new URL(req.url ?? "/", "http://x").pathname);
      handler(req, res);
    }),
  );
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  servers.push({
    close: () => {
      for (const s of sockets) s.destroy();
    },
  });
  const url = `http://127.0.0.1:${await listen(server)}/api/v1`;
  asked.set(url, paths);
  return url;
}

function status(code: number, body: unknown, headers: Record<string, string> = {}) {
  return api((_req, res) => {
    res.writeHead(code, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  });
}

let certDir: string | undefined;
let tlsUnavailable: string | undefined;
function makeCert(): void {
  certDir = mkdtempSync(join(tmpdir(), "cdo-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(certDir, "key.pem"),
        "-out",
        join(certDir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
      ],
      { stdio: "ignore" },
    );
  } catch (error) {
    tlsUnavailable = `openssl could not make a self-signed certificate (${(error as Error).message}); .ci/run installs it`;
  }
}

async function selfSignedApi(): Promise<string> {
  const server = track(
    createHttpsServer({ key: readFileSync(join(certDir!, "key.pem")), cert: readFileSync(join(certDir!, "cert.pem")) }, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(fixture("key.ok.capped.json")));
    }),
  );
  return `https://127.0.0.1:${await listen(server)}/api/v1`;
}

/** Accepts TCP and never speaks: an https request never completes its handshake. */
async function silentTcp(): Promise<number> {
  const sockets: Socket[] = [];
  const server = track(createTcpServer((s) => sockets.push(s)));
  servers.push({
    close: () => {
      for (const s of sockets) s.destroy();
    },
  });
  return listen(server);
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** An HTTP proxy that refuses every CONNECT with 403 (and every plain request too). */
async function refusingProxy(): Promise<string> {
  const server = track(
    createHttpServer((_req, res) => {
      res.writeHead(403);
      res.end("forbidden by policy");
    }),
  );
  server.on("connect", (_req, socket: Socket) => {
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  return `http://127.0.0.1:${await listen(server)}`;
}

const urls: Record<string, string> = {};

/** The timeout's message, naming the host of urls[name] and the deadline the run was given. */
function timeoutNaming(name: string): () => RegExp {
  return () => new RegExp(`^No answer from ${new URL(urls[name]!).host.replace(/\./g, "\\.")} within 1\\.5 s\\.$`);
}

const FAULTS: Record<string, Fault> = {
  "DNS failure": {
    target: () => ({ apiUrl: "https://nonexistent.invalid/api/v1" }),
    code: "network.dns",
    exit: 1,
    message: /nonexistent\.invalid/,
  },
  "connection refused": { target: () => ({ apiUrl: urls.refused! }), code: "network.refused", exit: 1, message: /refused|127\.0\.0\.1/i },
  "TLS failure (self-signed)": {
    target: () => ({ apiUrl: urls.tls! }),
    code: "network.tls",
    exit: 1,
    message: /TLS .*(self[- ]signed|SELF_SIGNED|certificate)/i,
    unavailable: () => tlsUnavailable,
  },
  "connect timeout": { target: () => ({ apiUrl: urls.silent! }), code: "network.timeout", exit: 1, message: timeoutNaming("silent") },
  "read timeout (no headers)": {
    target: () => ({ apiUrl: urls.noHeaders! }),
    code: "network.timeout",
    exit: 1,
    message: timeoutNaming("noHeaders"),
  },
  "read timeout (body stalls)": {
    target: () => ({ apiUrl: urls.bodyStalls! }),
    code: "network.timeout",
    exit: 1,
    message: timeoutNaming("bodyStalls"),
  },
  // 4000 characters at one per 100 ms: only a deadline over the whole answer ends it.
  "slow drip": { target: () => ({ apiUrl: urls.drip! }), code: "network.timeout", exit: 1, message: timeoutNaming("drip") },
  "401": { target: () => ({ apiUrl: urls.s401! }), code: "key.rejected", exit: 3, message: /User not found\./ },
  "402": { target: () => ({ apiUrl: urls.s402! }), code: "http.status", exit: 1, message: /402.*(credits|payment)/i },
  "403": { target: () => ({ apiUrl: urls.s403! }), code: "http.status", exit: 1, message: /403.*Forbidden by test/ },
  "404": { target: () => ({ apiUrl: urls.s404! }), code: "http.status", exit: 1, message: /404/ },
  "429 with Retry-After": { target: () => ({ apiUrl: urls.s429! }), code: "http.status", exit: 1, message: /429.*40 s/ },
  "500": { target: () => ({ apiUrl: urls.s500! }), code: "http.status", exit: 1, message: /500.*Internal Server Error/ },
  "502": { target: () => ({ apiUrl: urls.s502! }), code: "http.status", exit: 1, message: /502/ },
  "503": { target: () => ({ apiUrl: urls.s503! }), code: "http.status", exit: 1, message: /503.*overloaded/i },
  "HTML body": { target: () => ({ apiUrl: urls.html! }), code: "http.html", exit: 1, message: /web page/ },
  "malformed JSON": { target: () => ({ apiUrl: urls.malformed! }), code: "http.malformed", exit: 1, message: /not what the API returns/ },
  "proxy refusing CONNECT": {
    target: () => ({ apiUrl: "https://openrouter.invalid/api/v1", env: { HTTPS_PROXY: urls.proxy! } }),
    code: "network.proxy",
    exit: 1,
    message: /proxy .*127\.0\.0\.1.*(403|refused|Tunnel)/i,
  },
};

let sb: Sandbox;
beforeAll(async () => {
  sb = createSandbox("linux");
  makeCert();
  urls.refused = `http://127.0.0.1:${await closedPort()}/api/v1`;
  if (!tlsUnavailable) urls.tls = await selfSignedApi();
  urls.silent = `https://127.0.0.1:${await silentTcp()}/api/v1`;
  urls.noHeaders = await api(() => undefined);
  urls.bodyStalls = await api((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"data":{"label":');
  });
  urls.drip = await api((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const text = JSON.stringify(fixture("key.ok.capped.json")).padEnd(4000, " ");
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= text.length) return clearInterval(timer);
      res.write(text[i++]!);
    }, 100);
    res.on("close", () => clearInterval(timer));
  });
  urls.s401 = await status(401, fixture("key.401.user-not-found.json"));
  urls.s402 = await status(402, {
    error: { code: 402, message: "This request requires more credits. To increase, visit https://openrouter.ai/settings/credits" },
  });
  urls.s403 = await status(403, { error: { code: 403, message: "Forbidden by test" } });
  urls.s404 = await status(404, { error: { code: 404, message: "Not Found" } });
  urls.s429 = await status(429, { error: { code: 429, message: "Rate limit exceeded" } }, { "retry-after": "40" });
  urls.s500 = await status(500, fixture("key.500.json"));
  urls.s502 = await status(502, { error: { code: 502, message: "Bad gateway" } });
  urls.s503 = await status(503, { error: { code: 503, message: "Service temporarily overloaded" } }, { "retry-after": "30" });
  urls.html = await api((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!DOCTYPE html><html><body>Welcome</body></html>");
  });
  urls.malformed = await api((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"data": {"label": "x",');
  });
  urls.proxy = await refusingProxy();
});
afterAll(() => {
  sb.cleanup();
  for (const s of servers) s.close();
  if (certDir && existsSync(certDir)) rmSync(certDir, { recursive: true, force: true });
});

describe.each(Object.keys(COMMANDS))("%s", (command) => {
  it.each(Object.keys(FAULTS))("%s", async (name) => {
    const fault = { ...FAULTS[name]!, ...EXPECT_INSTEAD[command]?.[name] };
    const unavailable = fault.unavailable?.();
    if (unavailable) throw new Error(`${name} cannot run: ${unavailable}`);
    const { apiUrl, env = {} } = fault.target();
    asked.get(apiUrl)?.splice(0);
    const run = await sb.run(COMMANDS[command]!, {
      env: {
        OPENROUTER_API_KEY: TEST_KEY,
        CLAUDE_DESKTOP_OPENROUTER_API_URL: apiUrl,
        CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS: String(TIMEOUT_MS),
        ...env,
      },
      timeoutMs: 15_000,
    });
    const doc = run.json<{ ok: boolean; error: { code: string; message: string; hint: string } }>();
    expect(doc.ok).toBe(false);
    expect(doc.error.code, doc.error.message).toBe(fault.code);
    expect(doc.error.message).toMatch(typeof fault.message === "function" ? fault.message() : fault.message);
    expect(doc.error.hint).toBeTruthy();
    expect(run.exitCode).toBe(fault.exit);
    if (fault.code === "network.timeout") {
      // The run ended on its own (the harness did not stop it), and a request that ran out of
      // time was not tried again.
      const paths = asked.get(apiUrl) ?? [];
      expect(paths, `${name}: the paths asked for`).toEqual([...new Set(paths)]);
    }
    // Nothing was written.
    expect(existsSync(sb.paths.meta)).toBe(false);
  });
});
