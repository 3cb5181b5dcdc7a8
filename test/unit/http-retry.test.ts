// GETs are retried on transient failures within their one deadline; POSTs never are.
import { describe, expect, it } from "vitest";
import * as fsp from "node:fs/promises";
import type { Context } from "../../src/core/context.js";
import { HttpStatusError, requestJson, retryDelayMs } from "../../src/openrouter/http.js";
import { CliError } from "../../src/core/errors.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";

const fake = useFakeOpenRouter();

function ctx(timeoutMs: number): Context {
  return {
    env: {},
    fs: fsp,
    settings: { baseUrl: "https://openrouter.ai/api", apiUrl: fake.apiUrl, httpTimeoutMs: timeoutMs },
    clock: { now: () => new Date(), sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)) },
  } as unknown as Context;
}

describe("retries", () => {
  it("a GET that meets a 502 once succeeds on the next attempt", async () => {
    let calls = 0;
    fake.routes = { "GET /api/v1/models": () => (++calls === 1 ? { status: 502, body: { error: { code: 502, message: "Bad gateway" } } } : { body: { data: [] } }) };
    const response = await requestJson(ctx(5000), `${fake.apiUrl}/models`);
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it("honours Retry-After when the deadline leaves room, and gives up when it does not", async () => {
    let calls = 0;
    fake.routes = { "GET /api/v1/models": () => (++calls === 1 ? { status: 503, headers: { "retry-after": "1" }, body: {} } : { body: { data: [] } }) };
    const started = Date.now();
    await requestJson(ctx(5000), `${fake.apiUrl}/models`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    calls = 0;
    fake.routes = { "GET /api/v1/models": () => (++calls, { status: 429, headers: { "retry-after": "40" }, body: { error: { message: "Rate limit exceeded" } } }) };
    await expect(requestJson(ctx(2000), `${fake.apiUrl}/models`)).rejects.toMatchObject({ status: 429, retryAfter: 40 });
    expect(calls).toBe(1);
  });

  it("stops after three attempts and never retries a POST or a 4xx", async () => {
    let calls = 0;
    fake.routes = { "GET /api/v1/models": () => (++calls, { status: 500, body: {} }), "POST /api/v1/messages": () => (++calls, { status: 503, body: {} }) };
    await expect(requestJson(ctx(10_000), `${fake.apiUrl}/models`)).rejects.toBeInstanceOf(HttpStatusError);
    expect(calls).toBe(3);
    calls = 0;
    fake.validKeys.add("k");
    await expect(requestJson(ctx(10_000), `${fake.apiUrl}/messages`, { method: "POST", apiKey: "k", body: {} })).rejects.toBeInstanceOf(HttpStatusError);
    expect(calls).toBe(1);
    expect(retryDelayMs(new HttpStatusError(404, null, "", "http://x"), 1)).toBeNull();
    expect(retryDelayMs(new CliError({ code: "network.dns", message: "error.netDns" }), 1)).toBeNull();
    expect(retryDelayMs(new CliError({ code: "network.reset", message: "error.netReset" }), 2)).toBe(500);
  });
});
