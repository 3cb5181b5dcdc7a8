// The request deadline: GETs are retried on transient failures within it, POSTs never are, and
// it holds in every phase, the TLS handshake included.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as fsp from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Context } from "../../src/core/context.js";
import { requestJson, retryDelayMs } from "../../src/openrouter/http.js";
import { HttpStatusError, networkError } from "../../src/openrouter/http-errors.js";
import { translate, messagesOf } from "../../src/i18n/catalogue.js";
import { en } from "../../src/i18n/en.js";
import { zhCN } from "../../src/i18n/zh-CN.js";
import { CliError } from "../../src/core/errors.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";

const fake = useFakeOpenRouter();

/**
 * A context whose clock only moves when the tool sleeps on it (recorded in `slept`), or, with
 * `late`, one whose every reading after the first is `late` ms on: the request's deadline has
 * then all but passed when it is sent.
 */
function ctx(timeoutMs: number, late?: number, env: Record<string, string> = {}): Context & { slept: number[] } {
  let now = Date.parse("2026-01-01T00:00:00Z");
  let readings = 0;
  const slept: number[] = [];
  return {
    env,
    fs: fsp,
    settings: { baseUrl: "https://openrouter.ai/api", apiUrl: fake.apiUrl, httpTimeoutMs: timeoutMs },
    clock: {
      now: () => new Date(now + (late !== undefined && readings++ > 0 ? late : 0)),
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
    },
    slept,
  } as unknown as Context & { slept: number[] };
}

describe("retries", () => {
  it("a GET that meets a 502 once succeeds on the next attempt", async () => {
    let calls = 0;
    fake.routes = {
      "GET /api/v1/models": () =>
        ++calls === 1 ? { status: 502, body: { error: { code: 502, message: "Bad gateway" } } } : { body: { data: [] } },
    };
    const response = await requestJson(ctx(5000), `${fake.apiUrl}/models`);
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it("honours Retry-After when the deadline leaves room, and gives up when it does not", async () => {
    let calls = 0;
    fake.routes = {
      "GET /api/v1/models": () => (++calls === 1 ? { status: 503, headers: { "retry-after": "1" }, body: {} } : { body: { data: [] } }),
    };
    const context = ctx(5000);
    await requestJson(context, `${fake.apiUrl}/models`);
    expect(context.slept).toEqual([1000]);
    expect(calls).toBe(2);
    calls = 0;
    fake.routes = {
      "GET /api/v1/models": () => {
        calls++;
        return { status: 429, headers: { "retry-after": "40" }, body: { error: { message: "Rate limit exceeded" } } };
      },
    };
    const short = ctx(2000);
    await expect(requestJson(short, `${fake.apiUrl}/models`)).rejects.toMatchObject({ status: 429, retryAfter: 40 });
    expect(calls).toBe(1);
    expect(short.slept).toEqual([]);
  });

  it("stops after three attempts and never retries a POST or a 4xx", async () => {
    let calls = 0;
    fake.routes = {
      "GET /api/v1/models": () => {
        calls++;
        return { status: 500, body: {} };
      },
      "POST /api/v1/messages": () => {
        calls++;
        return { status: 503, body: {} };
      },
    };
    await expect(requestJson(ctx(10_000), `${fake.apiUrl}/models`)).rejects.toBeInstanceOf(HttpStatusError);
    expect(calls).toBe(3);
    calls = 0;
    fake.validKeys.add("k");
    await expect(requestJson(ctx(10_000), `${fake.apiUrl}/messages`, { method: "POST", apiKey: "k", body: {} })).rejects.toBeInstanceOf(
      HttpStatusError,
    );
    expect(calls).toBe(1);
    expect(retryDelayMs(new HttpStatusError(404, null, "", "http://x"), 1)).toBeNull();
    expect(retryDelayMs(new CliError({ code: "network.dns", message: "error.netDns" }), 1)).toBeNull();
    expect(retryDelayMs(new CliError({ code: "network.reset", message: "error.netReset" }), 2)).toBe(500);
  });
});

describe("the deadline", () => {
  // The request's abort timer, as the tool arms it: what the context's clock leaves of the deadline.
  const armed = () => timers.mock.calls.map(([ms]) => ms);
  const timers = vi.spyOn(AbortSignal, "timeout");
  afterEach(() => timers.mockClear());

  it("is one for the whole request: each attempt is given what the context's clock leaves of it", async () => {
    let calls = 0;
    fake.routes = {
      "GET /api/v1/models": () => (++calls === 1 ? { status: 503, headers: { "retry-after": "1" }, body: {} } : { body: { data: [] } }),
    };
    timers.mockClear();
    const context = ctx(5000);
    await requestJson(context, `${fake.apiUrl}/models`);
    expect(context.slept).toEqual([1000]);
    expect(armed()).toEqual([5000, 4000]);
  });

  it("ends a request whose TLS handshake never answers when the context's clock says the deadline is up", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      // The deadline is a minute away by the wall clock, but 1 ms away by the context's: the
      // request ends with a timeout, though the server never says a word.
      timers.mockClear();
      const request = requestJson(ctx(60_000, 60_000 - 1), `https://127.0.0.1:${port}/api/v1/models`);
      await expect(request).rejects.toMatchObject({ code: "network.timeout", params: { seconds: 60 } });
      expect(armed()).toEqual([1]);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe("a failure said once", () => {
  it("a refused connection names the host once and repeats no system code", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await requestJson(ctx(2000), `http://127.0.0.1:${port}/api/v1/models`).catch((e: CliError) => e);
    expect(error).toMatchObject({ code: "network.refused" });
    const failure = error as CliError;
    const message = translate(messagesOf(en), failure.messageKey, failure.params);
    expect(message).toBe(`The connection to 127.0.0.1:${port} was refused.`);
    expect(translate(messagesOf(zhCN), failure.messageKey, failure.params)).toBe(`连接 127.0.0.1:${port} 被拒绝。`);
  });

  it("a cause whose message holds its code is told once; a DNS failure in words", () => {
    const tls = networkError(
      "https://openrouter.ai/api/v1/key",
      Object.assign(new Error("self-signed certificate in certificate chain"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }),
      1000,
      null,
    );
    expect(translate(messagesOf(en), tls.messageKey, tls.params)).toBe(
      "TLS to openrouter.ai failed: SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain",
    );
    const other = networkError(
      "https://openrouter.ai/x",
      Object.assign(new Error("connect EHOSTUNREACH 10.0.0.1:443"), { code: "EHOSTUNREACH" }),
      1000,
      null,
    );
    expect(translate(messagesOf(en), other.messageKey, other.params).match(/EHOSTUNREACH/g)).toHaveLength(1);
    const dns = networkError(
      "https://nowhere.invalid/x",
      Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" }),
      1000,
      null,
    );
    expect(translate(messagesOf(en), dns.messageKey, dns.params)).toBe("Cannot find nowhere.invalid: DNS knows no such name.");
  });
});

describe("through a proxy", () => {
  const listen = async (server: import("node:net").Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as { port: number }).port;
  };

  it("an http URL is sent to HTTP_PROXY whole, with the proxy's credentials; NO_PROXY bypasses it", async () => {
    const seen: { url?: string; auth?: string; host?: string }[] = [];
    const proxy = createHttpServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers["proxy-authorization"], host: req.headers.host });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"via":"proxy"}');
    });
    const port = await listen(proxy);
    try {
      const env = { HTTP_PROXY: `http://user:p%40ss@127.0.0.1:${port}` };
      const response = await requestJson(ctx(5000, undefined, env), "http://api.example.test:8080/api/v1/key?x=1");
      expect(response.body).toEqual({ via: "proxy" });
      expect(seen).toEqual([
        {
          url: "http://api.example.test:8080/api/v1/key?x=1",
          auth: `Basic ${Buffer.from("user:p@ss").toString("base64")}`,
          host: "api.example.test:8080",
        },
      ]);
      // 127.0.0.1 is in NO_PROXY: straight to the fake, the proxy sees nothing more.
      const direct = await requestJson(ctx(5000, undefined, { ...env, NO_PROXY: "localhost,127.0.0.1" }), `${fake.apiUrl}/key`, {
        apiKey: "k",
      }).catch((error: CliError) => error);
      expect(direct).not.toHaveProperty("code", "network.proxy");
      expect(seen).toHaveLength(1);
    } finally {
      proxy.close();
    }
  });

  it("an https URL goes through a CONNECT tunnel to its host, TLS inside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdo-proxy-tls-"));
    const tunnels: string[] = [];
    const sockets: Socket[] = [];
    const proxy = createHttpServer();
    try {
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")].concat([
          "-days",
          "1",
          "-subj",
          "/CN=api.example.test",
        ]),
        { stdio: "ignore" },
      );
      const target = createHttpsServer(
        { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
        (_req, res) => res.end("{}"),
      );
      const targetPort = await listen(target);
      proxy.on("connect", (req, client: Socket) => {
        tunnels.push(req.url ?? "");
        const upstream = connect(targetPort, "127.0.0.1", () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          upstream.pipe(client).pipe(upstream);
        });
        sockets.push(client, upstream);
      });
      const port = await listen(proxy);
      const error = await requestJson(
        ctx(5000, undefined, { HTTPS_PROXY: `http://127.0.0.1:${port}` }),
        "https://api.example.test/api/v1/key",
      ).catch((e: CliError) => e);
      // The tunnel reached the target, whose self-signed certificate the TLS inside it refused.
      expect(tunnels).toEqual(["api.example.test:443"]);
      expect(error).toMatchObject({ code: "network.tls" });
      target.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      proxy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
