// doctor judges ANY applied entry by the app's own rules, with the fix; another tool's entry is
// only read: its bytes (and mode) are the same after doctor and after doctor --fix. Also: the
// headers and cost-estimate checks, and which provider served a --live request.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { goodEntry, useMachines, type CheckJson, type DoctorJson } from "../helpers/doctor.js";
import { ENTRY_ID, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const machine = useMachines();
const FOREIGN = "00000000-0000-4000-8000-000000157210";

/** A library where another tool's entry is applied (ours listed but not applied). */
function foreign(entry: Record<string, unknown>, mode = 0o600): { sb: Sandbox; path: string; bytes: Buffer } {
  const sb = machine("linux", {
    meta: {
      appliedId: FOREIGN,
      entries: [
        { id: FOREIGN, name: "CC Switch" },
        { id: ENTRY_ID, name: "OpenRouter" },
      ],
    },
  });
  const path = join(sb.paths.libDir, `${FOREIGN}.json`);
  sb.write(path, `${JSON.stringify(entry, null, 4)}\n`, mode);
  return { sb, path, bytes: readFileSync(path) };
}

async function doctor(sb: Sandbox, args: string[], now?: string) {
  const run = await runInProcess(
    ["doctor", "--json", ...args],
    { ...sb.env, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
    {
      tweak: (ctx: Context) => {
        if (now) ctx.clock = { ...ctx.clock, now: () => new Date(now) };
      },
    },
  );
  const doc = run.json<DoctorJson>();
  return { ...run, doc, check: (id: string) => doc.checks.find((c) => c.id === id) as CheckJson };
}

// The foreign entries hold no key of ours: a key found in another tool's entry is never sent.
const base = (over: Record<string, unknown>) => goodEntry({ inferenceGatewayApiKey: "sk-or-v1-PLACEHOLDER-OF-ANOTHER-TOOL", ...over });

type Problem = [
  what: string,
  entry: Record<string, unknown>,
  check: string,
  status: "warn" | "error",
  text: string,
  fix: string,
  now?: string,
];

const PROBLEMS: Problem[] = [
  [
    "an egress entry dropped on its own",
    { coworkEgressAllowedHosts: ["github.com", "https://pypi.org/simple"] },
    "config.egress",
    "warn",
    "https://pypi.org/simple: no scheme allowed",
    "host[:port]",
  ],
  [
    "an unknown model field",
    { inferenceModels: [{ name: "anthropic/claude-sonnet-4.5", tier: "sonnet" }] },
    "config.models",
    "warn",
    'field "tier" is unknown',
    "Remove the field",
  ],
  [
    "an unknown tier",
    { inferenceModels: [{ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonet" }] },
    "config.models",
    "warn",
    'anthropicFamilyTier "sonet" is unknown',
    "sonnet, opus, haiku",
  ],
  [
    "a maxEffort that caps at low",
    { inferenceModels: [{ name: "anthropic/claude-sonnet-4.5", maxEffort: "extreme" }] },
    "config.models",
    "warn",
    "silently caps the model at low",
    "low, medium, high, xhigh or max",
  ],
  [
    "a non-Claude model removed from the list",
    { inferenceModels: ["anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini"] },
    "config.models",
    "warn",
    "removes them from the list: openai/gpt-4o-mini",
    "Pin Claude models only",
  ],
  [
    "Bearer with a capital B",
    { inferenceGatewayAuthScheme: "Bearer" },
    "config.auth-scheme",
    "error",
    '"Bearer" is rejected',
    'to "bearer"',
  ],
  [
    "a /v1 base URL",
    { inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1" },
    "config.base-url",
    "error",
    "/v1/v1/messages",
    "without /v1",
  ],
  [
    "a secret-looking URL authority",
    { inferenceGatewayBaseUrl: "https://sk-ant-api03-abcdefgh.example.com/api" },
    "config.base-url",
    "error",
    "looks like a key or token",
    "Remove the key from the base URL",
  ],
  [
    "a key and a helper without a credential kind",
    { inferenceCredentialKind: undefined, inferenceCredentialHelper: "/opt/helper.sh" },
    "config.api-key",
    "warn",
    "both a key and a credential helper",
    "inferenceCredentialKind",
  ],
  [
    "a deprecated key before its cut-off",
    { isDxtEnabled: true },
    "config.applied",
    "warn",
    "isDxtEnabled is deprecated (use isDesktopExtensionEnabled); it stops being read on 2026-10-07",
    "Rename",
    "2026-09-15T12:00:00Z",
  ],
  [
    "a retired key past its cut-off",
    { isDxtEnabled: true },
    "config.applied",
    "error",
    "isDxtEnabled is retired since 2026-10-07",
    "Rename",
    "2026-11-30T12:00:00Z",
  ],
  [
    "a key of the 2026-11 batch past 2026-11-17",
    { allowOptionalClientAuth: true },
    "config.applied",
    "error",
    "allowOptionalClientAuth is retired since 2026-11-17",
    "remove it",
    "2026-11-18T12:00:00Z",
  ],
  [
    "headers in the old list form",
    { inferenceCustomHeaders: ["X-Team: data"] },
    "config.headers",
    "error",
    "no custom header is sent at all",
    "one JSON object",
  ],
  [
    "a credential in a header",
    { inferenceCustomHeaders: { Authorization: "Bearer x" } },
    "config.headers",
    "warn",
    '"Authorization" looks like a credential',
    "never in a header",
  ],
  [
    "a price row out of range",
    {
      inferenceModelPricingEnabled: true,
      inferenceModelPricing: [{ name: "x", inputPerMtok: 3, outputPerMtok: 15, cacheReadPerMtok: 0.3, cacheWritePerMtok: 20000 }],
    },
    "config.pricing",
    "error",
    "cacheWritePerMtok is missing or out of range",
    "price rows",
  ],
  [
    "a display name over 60 characters",
    { deploymentDisplayName: "x".repeat(61) },
    "config.applied",
    "error",
    "must have 1–60 characters",
    "1 to 60",
  ],
];

describe("doctor judges another tool's applied entry, and only reads it", () => {
  for (const [what, over, id, status, text, fix, now] of PROBLEMS) {
    it(`${what}: ${status} in ${id}, with the fix`, async () => {
      const { sb, path, bytes } = foreign(base(over));
      const run = await doctor(sb, ["--offline"], now);
      expect(run.check(id), JSON.stringify(run.check(id))).toMatchObject({ status, detail: expect.stringContaining(text) });
      expect(run.check(id).fix).toContain(fix);
      // A foreign entry is never offered to --fix.
      expect(run.check(id).fix).not.toContain("doctor --fix");
      expect(readFileSync(path)).toEqual(bytes);
    });
  }

  it("the same problems in this tool's own entry are repaired by --fix", async () => {
    const sb = machine("linux", {
      entry: goodEntry({ inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1", inferenceGatewayAuthScheme: "Bearer" }),
    });
    const run = await doctor(sb, ["--offline", "--fix", "--yes"]);
    expect(run.doc.fixes?.map((f) => f.id).sort()).toEqual(["config.auth-scheme", "config.base-url"]);
    expect(sb.readJson(sb.paths.entry)).toMatchObject({
      inferenceGatewayBaseUrl: "https://openrouter.ai/api",
      inferenceGatewayAuthScheme: "bearer",
    });
  });

  it("doctor --fix leaves a foreign entry's bytes and mode alone, even with problems --fix repairs in ours", async () => {
    const { sb, path, bytes } = foreign(
      base({
        inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1",
        inferenceGatewayAuthScheme: "Bearer",
        coworkEgressAllowedHosts: undefined,
      }),
      0o644,
    );
    const run = await doctor(sb, ["--offline", "--fix", "--yes"]);
    expect(run.doc.fixes?.map((f) => f.id) ?? []).not.toEqual(expect.arrayContaining(["config.base-url"]));
    expect(run.check("config.base-url").status).toBe("error");
    expect(run.check("config.egress").status).toBe("warn");
    expect(readFileSync(path)).toEqual(bytes);
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });
});

describe("config.headers and config.pricing on this tool's entry", () => {
  const headers = { "HTTP-Referer": "https://www.npmjs.com/package/claude-desktop-openrouter", "X-OpenRouter-Title": "Claude Desktop" };
  it("attribution headers on; no headers; other headers", async () => {
    expect(
      (await doctor(machine("linux", { entry: goodEntry({ inferenceCustomHeaders: headers }) }), ["--offline"])).check("config.headers"),
    ).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("attribution headers on"),
      data: { attribution: true },
    });
    expect((await doctor(machine("linux"), ["--offline"])).check("config.headers")).toMatchObject({
      status: "ok",
      detail: "no custom headers",
    });
  });
  it("cost estimates off, on at today's prices, a row missing, rows without the switch", async () => {
    const row = (name: string, input: number, output: number, read: number, write: number) => ({
      name,
      inputPerMtok: input,
      outputPerMtok: output,
      cacheReadPerMtok: read,
      cacheWritePerMtok: write,
    });
    expect((await doctor(machine("linux"), [])).check("config.pricing")).toMatchObject({ status: "ok", detail: "cost estimates off" });
    const today = [row("anthropic/claude-sonnet-4.5", 3, 15, 0.3, 3.75), row("anthropic/claude-haiku-4.5", 1, 5, 0.1, 1.25)];
    const priced = machine("linux", { entry: goodEntry({ inferenceModelPricingEnabled: true, inferenceModelPricing: today }) });
    expect((await doctor(priced, [])).check("config.pricing")).toMatchObject({ status: "ok" });
    const missing = machine("linux", {
      entry: goodEntry({ inferenceModelPricingEnabled: true, inferenceModelPricing: today.slice(0, 1) }),
    });
    expect((await doctor(missing, [])).check("config.pricing")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("no price row for anthropic/claude-haiku-4.5"),
    });
    const off = machine("linux", { entry: goodEntry({ inferenceModelPricing: today }) });
    expect((await doctor(off, ["--offline"])).check("config.pricing")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("inferenceModelPricingEnabled is not true"),
    });
  });
});

describe("doctor --live names the provider that served", () => {
  const served = (provider: string | undefined) => ({
    body: {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "anthropic/claude-sonnet-4.5",
      ...(provider ? { provider } : {}),
      content: [{ type: "text", text: "O" }],
      stop_reason: "max_tokens",
      usage: { input_tokens: 8, output_tokens: 1 },
    },
    headers: { "x-generation-id": "gen-42" },
  });
  const live = async (provider: string | undefined) => {
    const saved = fake.routes;
    fake.routes = { ...saved, "POST /api/v1/messages": served(provider) };
    try {
      const sb = machine("linux", { entry: goodEntry({ inferenceGatewayApiKey: TEST_KEY }) });
      return (await doctor(sb, ["--live", "--check", "openrouter.messages"])).check("openrouter.messages");
    } finally {
      fake.routes = saved;
    }
  };
  it("ok when Anthropic served it", async () => {
    expect(await live("Anthropic")).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("served by Anthropic"),
      data: { provider: "Anthropic", requestId: "gen-42" },
    });
  });
  it("a warning with the settings links when another provider served it", async () => {
    const c = await live("Amazon Bedrock");
    expect(c).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("served by Amazon Bedrock, not Anthropic"),
      data: { provider: "Amazon Bedrock" },
    });
    expect(c.fix).toContain("https://openrouter.ai/settings/preferences");
    expect(c.fix).toContain("https://openrouter.ai/settings/privacy");
  });
  it("ok, without a provider, when OpenRouter names none", async () => {
    expect(await live(undefined)).toMatchObject({ status: "ok", data: { provider: null } });
  });
});
