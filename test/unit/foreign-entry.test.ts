// Another gateway's entry applied in Claude Desktop: its key is never sent to OpenRouter by any
// command. The fake OpenRouter records every request with its headers; the key must be in none.
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, ENTRY_ID, type Sandbox } from "../helpers/sandbox.js";

const CORP_ID = "0c0a7e1d-5a1e-4b2c-9d3e-4f5a6b7c8d9e";
const CORP_KEY = "CORP-GATEWAY-SECRET-0123456789";
const fake = useFakeOpenRouter();
let sb: Sandbox;

afterEach(() => {
  sb?.cleanup();
  fake.reset();
});

function machine(entry: Record<string, unknown>, id = CORP_ID): Sandbox {
  sb = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  sb.write(sb.paths.meta, {
    appliedId: id,
    entries: [
      { id, name: "Corp gateway (meta)" },
      { id: ENTRY_ID, name: "OpenRouter" },
    ],
  });
  sb.write(`${sb.paths.libDir}/${id}.json`, entry);
  return sb;
}

const corpEntry = {
  inferenceProvider: "gateway",
  inferenceGatewayBaseUrl: "https://gw.corp.example/api",
  inferenceGatewayApiKey: CORP_KEY,
  inferenceGatewayAuthScheme: "bearer",
  deploymentDisplayName: "Corp AI",
  inferenceModels: ["anthropic/claude-sonnet-4.5"],
};

/** Every credential header the fake received. */
const sentCredentials = () =>
  fake.requests.flatMap((r) => [r.headers.authorization, r.headers["x-api-key"]].filter((v): v is string => typeof v === "string"));

describe("another gateway's entry is applied", () => {
  it("status says whose entry it is and sends no request with its key", async () => {
    const b = machine(corpEntry);
    const run = await runInProcess(["status", "--json"], b.env);
    expect(run.exitCode).toBe(2);
    const doc = run.json<{ error: { code: string; message: string; hint: string } }>();
    expect(doc.error.code).toBe("key.foreign-entry");
    expect(doc.error.message).toContain('"Corp AI"');
    expect(doc.error.message).toContain("gw.corp.example");
    expect(doc.error.hint).toMatch(/setup.*--api-key-file/);
    expect(run.stdout + run.stderr).not.toContain(CORP_KEY);
    expect(fake.requests).toEqual([]);
  });

  it("status with OPENROUTER_API_KEY uses that key, never the entry's, and says why", async () => {
    const b = machine(corpEntry);
    const run = await runInProcess(["status", "--json"], { ...b.env, OPENROUTER_API_KEY: TEST_KEY });
    expect(run.exitCode, run.stdout).toBe(0);
    const doc = run.json<{ source: string; warnings: { code: string; message: string }[] }>();
    expect(doc.source).toBe("env");
    expect(doc.warnings.map((w) => w.code)).toContain("key.foreign-entry");
    expect(sentCredentials().length).toBeGreaterThan(0);
    expect(sentCredentials().every((h) => h === `Bearer ${TEST_KEY}`)).toBe(true);
  });

  it("doctor fails config.api-key naming the gateway, and no request carries the key (not even a prefetch)", async () => {
    const b = machine(corpEntry);
    const run = await runInProcess(["doctor", "--json"], b.env);
    const doc = run.json<{ checks: { id: string; status: string; detail: string; fix?: string }[] }>();
    const check = (id: string) => doc.checks.find((c) => c.id === id)!;
    expect(check("config.api-key")).toMatchObject({ status: "error" });
    expect(check("config.api-key").detail).toContain('"Corp AI"');
    expect(check("config.api-key").detail).toContain("gw.corp.example");
    expect(check("config.api-key").fix).toContain("setup");
    for (const id of ["openrouter.key", "openrouter.limit", "openrouter.models"]) expect(check(id).status).toBe("skip");
    expect(run.stdout + run.stderr).not.toContain(CORP_KEY);
    expect(sentCredentials()).toEqual([]);
    // Only the public model list was asked for.
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/v1/models"]);
  });

  it("models says the pinned models are another gateway's, and sends no key", async () => {
    const b = machine(corpEntry);
    const run = await runInProcess(["models", "--json"], b.env);
    expect(run.exitCode).toBe(0);
    const doc = run.json<{ pinned: string[]; warnings: { code: string; message: string }[] }>();
    expect(doc.pinned).toEqual([]);
    expect(doc.warnings).toEqual([
      expect.objectContaining({ code: "config.foreign-entry", message: expect.stringContaining("gw.corp.example") }),
    ]);
    expect(sentCredentials()).toEqual([]);
  });

  it("without a display name the entry is named by its _meta.json name", async () => {
    const { deploymentDisplayName: _name, ...unnamed } = corpEntry;
    const b = machine(unnamed);
    const run = await runInProcess(["status"], b.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"Corp gateway (meta)" belongs to another gateway (gw.corp.example)');
    expect(fake.requests).toEqual([]);
  });

  it("an entry of another tool that points at OpenRouter itself is OpenRouter's: its key is used", async () => {
    const b = machine({ ...corpEntry, inferenceGatewayBaseUrl: "https://openrouter.ai/api/", inferenceGatewayApiKey: TEST_KEY });
    const run = await runInProcess(["status", "--json"], b.env);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.json<{ source: string }>().source).toBe("config");
    expect(sentCredentials().every((h) => h === `Bearer ${TEST_KEY}`)).toBe(true);
  });

  it("the OpenRouter entry's own key is not sent either when config.api-key fails on it", async () => {
    const b = machine(
      { ...corpEntry, inferenceGatewayBaseUrl: "https://openrouter.ai/api", inferenceGatewayApiKey: ` ${TEST_KEY}\n` },
      ENTRY_ID,
    );
    const run = await runInProcess(["doctor", "--json"], b.env);
    const doc = run.json<{ checks: { id: string; status: string }[] }>();
    expect(doc.checks.find((c) => c.id === "config.api-key")?.status).toBe("error");
    expect(sentCredentials()).toEqual([]);
  });
});
