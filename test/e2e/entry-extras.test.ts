// The richer entry setup writes against the loopback OpenRouter: cost estimates from its prices,
// readable labels, the 1M flag, attribution headers, discovery off with a pinned list, the
// optional sign-in lock; each with its off switch, patched or removed on a re-run; and how
// setup, show and status say so in words.
import { describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture, TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const newSandbox = useSandboxes();
const TODAY = "2026-11-30";
const ATTRIBUTION = { "HTTP-Referer": "https://www.npmjs.com/package/claude-desktop-openrouter", "X-OpenRouter-Title": "Claude Desktop" };

function box(): Sandbox {
  return newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
}

const on = (day: string) => ({
  tweak: (ctx: Context) => {
    ctx.clock = { ...ctx.clock, now: () => new Date(`${day}T10:00:00Z`) };
  },
});

/** A USD-per-token decimal string times one million, by moving the decimal point (no floating point). */
function timesMillion(perToken: string): number {
  const [whole = "0", fraction = ""] = perToken.split(".");
  const digits = `${whole}${fraction.padEnd(6, "0")}`;
  const point = whole.length + 6;
  return Number(`${digits.slice(0, point)}.${digits.slice(point) || "0"}`);
}

type Pricing = Record<string, string>;
type FakeModel = { id: string; name: string; context_length: number; pricing: Pricing; top_provider: { context_length: number } };
const catalogue = () => (fixture("models.openrouter.json") as { data: FakeModel[] }).data;

/** The row the app should get for a fake model: OpenRouter's prices × 10⁶; without cache prices, write = prompt, read = 10 %. */
function expectedRow(id: string) {
  const m = catalogue().find((x) => x.id === id)!;
  const input = timesMillion(m.pricing.prompt!);
  return {
    name: id,
    inputPerMtok: input,
    outputPerMtok: timesMillion(m.pricing.completion!),
    cacheReadPerMtok: m.pricing.input_cache_read ? timesMillion(m.pricing.input_cache_read) : Number((input / 10).toFixed(6)),
    cacheWritePerMtok: m.pricing.input_cache_write ? timesMillion(m.pricing.input_cache_write) : input,
  };
}

interface Entry {
  inferenceModels?: { name: string; labelOverride?: string; supports1m?: boolean }[];
  inferenceModelPricingEnabled?: boolean;
  inferenceModelPricing?: ReturnType<typeof expectedRow>[];
  inferenceCustomHeaders?: Record<string, string>;
  modelDiscoveryEnabled?: boolean;
  disableDeploymentModeChooser?: boolean;
  [key: string]: unknown;
}

describe("setup writes the richer entry", () => {
  it("prices from OpenRouter × 10⁶, labels without the vendor, 1M only where OpenRouter says so, attribution, discovery off", async () => {
    const sb = box();
    const run = await runInProcess(["setup", "--yes", "--no-restart", "--json"], sb.env, on(TODAY));
    expect(run.exitCode).toBe(0);
    const entry = sb.readJson<Entry>(sb.paths.entry);
    const ids = ["anthropic/claude-sonnet-4.5", "anthropic/claude-opus-4.1", "anthropic/claude-haiku-4.5"];
    expect(entry.inferenceModels?.map((m) => m.name)).toEqual(ids);
    expect(entry.inferenceModelPricingEnabled).toBe(true);
    expect(entry.inferenceModelPricing).toEqual(ids.map(expectedRow));
    // Literal values too: no float noise such as 0.30000000000000004.
    expect(entry.inferenceModelPricing?.[0]).toEqual({
      name: "anthropic/claude-sonnet-4.5",
      inputPerMtok: 3,
      outputPerMtok: 15,
      cacheReadPerMtok: 0.3,
      cacheWritePerMtok: 3.75,
    });
    // Opus 4.1 has no cache price at OpenRouter: write at the prompt price, read at a tenth.
    expect(entry.inferenceModelPricing?.[1]).toMatchObject({ inputPerMtok: 15, cacheWritePerMtok: 15, cacheReadPerMtok: 1.5 });
    expect(entry.inferenceModels?.map((m) => m.labelOverride)).toEqual(["Claude Sonnet 4.5", "Claude Opus 4.1", "Claude Haiku 4.5"]);
    expect(entry.inferenceModels?.filter((m) => m.supports1m).map((m) => m.name)).toEqual(["anthropic/claude-sonnet-4.5"]);
    expect(JSON.stringify(entry)).not.toContain("prefer1m");
    expect(entry.inferenceCustomHeaders).toEqual(ATTRIBUTION);
    expect(entry.modelDiscoveryEnabled).toBe(false);
    expect("disableDeploymentModeChooser" in entry).toBe(false);
    const result = run.json<{ features: unknown }>();
    expect(result.features).toEqual({
      pricing: { models: ids, readAt: TODAY },
      attribution: true,
      millionContext: ["anthropic/claude-sonnet-4.5"],
      gatewayOnly: null,
    });
  });

  it("rounds away float noise, and takes 1M from the top provider's context", async () => {
    const models = catalogue();
    const extra = {
      ...models[0]!,
      id: "anthropic/claude-fable-5",
      name: "Anthropic: Claude Fable 5",
      created: 1790000000,
      context_length: 200000,
      top_provider: { context_length: 1000000, max_completion_tokens: 64000, is_moderated: false },
      pricing: { prompt: "0.0000011", completion: "0.0000033", input_cache_read: "0.00000011", input_cache_write: "0.000001375" },
    };
    const saved = fake.routes;
    fake.routes = { ...saved, "GET /api/v1/models": { body: { data: [...models, extra] } } };
    try {
      const sb = box();
      const run = await runInProcess(["setup", "--yes", "--no-restart", "--models", "anthropic/claude-fable-5"], sb.env);
      expect(run.exitCode).toBe(0);
      const entry = sb.readJson<Entry>(sb.paths.entry);
      // 0.0000011 × 1e6 is 1.1000000000000001 in floating point.
      expect(entry.inferenceModelPricing).toEqual([
        { name: "anthropic/claude-fable-5", inputPerMtok: 1.1, outputPerMtok: 3.3, cacheReadPerMtok: 0.11, cacheWritePerMtok: 1.375 },
      ]);
      expect(entry.inferenceModels).toEqual([
        {
          name: "anthropic/claude-fable-5",
          labelOverride: "Claude Fable 5",
          supports1m: true,
          anthropicFamilyTier: "fable",
          isFamilyDefault: true,
        },
      ]);
    } finally {
      fake.routes = saved;
    }
  });

  it("--no-pricing and --no-attribution write neither; a re-run removes them and keeps the user's own headers", async () => {
    const sb = box();
    expect((await runInProcess(["setup", "--yes", "--no-restart", "--no-pricing", "--no-attribution"], sb.env)).exitCode).toBe(0);
    const bare = sb.readJson<Entry>(sb.paths.entry);
    for (const key of ["inferenceModelPricingEnabled", "inferenceModelPricing", "inferenceCustomHeaders"]) expect(key in bare).toBe(false);
    expect(bare.inferenceModels?.[0]?.labelOverride).toBe("Claude Sonnet 4.5");

    // A rerun keeps the choice; --pricing and --attribution turn them on again.
    expect((await runInProcess(["setup", "--yes", "--no-restart", "--json"], sb.env)).json<{ changed: boolean }>().changed).toBe(false);
    expect((await runInProcess(["setup", "--yes", "--no-restart", "--pricing", "--attribution"], sb.env)).exitCode).toBe(0);
    const full = sb.readJson<Entry>(sb.paths.entry);
    expect(full.inferenceModelPricing).toHaveLength(3);
    sb.write(sb.paths.entry, { ...full, inferenceCustomHeaders: { ...full.inferenceCustomHeaders, "X-Team": "data" } }, 0o600);

    const run = await runInProcess(["setup", "--yes", "--no-restart", "--no-pricing", "--no-attribution", "--json"], sb.env);
    expect(run.exitCode).toBe(0);
    const off = sb.readJson<Entry>(sb.paths.entry);
    expect("inferenceModelPricing" in off || "inferenceModelPricingEnabled" in off).toBe(false);
    expect(off.inferenceCustomHeaders).toEqual({ "X-Team": "data" });
    expect(run.json<{ features: { pricing: unknown; attribution: boolean } }>().features).toMatchObject({
      pricing: null,
      attribution: false,
    });
  });

  it("--discover-models: no pinned models, so no price rows and no discovery switch, and it says so", async () => {
    const sb = box();
    const run = await runInProcess(["setup", "--yes", "--no-restart", "--discover-models", "--json"], sb.env);
    expect(run.exitCode).toBe(0);
    const entry = sb.readJson<Entry>(sb.paths.entry);
    for (const key of ["inferenceModels", "inferenceModelPricing", "inferenceModelPricingEnabled", "modelDiscoveryEnabled"])
      expect(key in entry, key).toBe(false);
    expect(entry.inferenceCustomHeaders).toEqual(ATTRIBUTION);
    const warnings = run.json<{ warnings: { code: string; message: string }[] }>().warnings;
    expect(warnings.find((w) => w.code === "pricing.discovery")?.message).toContain("no cost estimates");
  });

  it("--skip-key-check: no catalogue, so no labels, prices or 1M flags, and it says so (no request made)", async () => {
    const sb = box();
    const before = fake.requests.length;
    const run = await runInProcess(
      ["setup", "--yes", "--no-restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5", "--json"],
      sb.env,
    );
    expect(run.exitCode).toBe(0);
    expect(fake.requests.length).toBe(before);
    const entry = sb.readJson<Entry>(sb.paths.entry);
    expect(entry.inferenceModels).toEqual([{ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true }]);
    expect("inferenceModelPricing" in entry).toBe(false);
    const warnings = run.json<{ warnings: { code: string; message: string }[] }>().warnings;
    expect(warnings.find((w) => w.code === "entry.no-catalogue")?.message).toContain("no labels, prices or 1M flags");
  });

  it("--gateway-only hides the Claude.ai sign-in; a plain re-run keeps it; --no-gateway-only removes it", async () => {
    const sb = box();
    expect((await runInProcess(["setup", "--yes", "--no-restart", "--gateway-only"], sb.env)).exitCode).toBe(0);
    expect(sb.readJson<Entry>(sb.paths.entry).disableDeploymentModeChooser).toBe(true);
    const again = await runInProcess(["setup", "--yes", "--no-restart", "--json"], sb.env);
    expect(again.json<{ changed: boolean }>().changed).toBe(false);
    expect(sb.readJson<Entry>(sb.paths.entry).disableDeploymentModeChooser).toBe(true);
    expect((await runInProcess(["setup", "--yes", "--no-restart", "--no-gateway-only"], sb.env)).exitCode).toBe(0);
    expect("disableDeploymentModeChooser" in sb.readJson<Entry>(sb.paths.entry)).toBe(false);
  });
});

describe("setup, show and status say it in words", () => {
  it("the summary names the cost estimates with the day of the prices, attribution, 1M and the Anthropic-provider advice once", async () => {
    const sb = box();
    const run = await runInProcess(["setup", "--yes", "--no-restart"], sb.env, on(TODAY));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Cost estimates\s+on, from OpenRouter prices of 2026-11-30 \(3 models\)/);
    expect(run.stdout).toMatch(/Attribution headers\s+on \(/);
    expect(run.stdout).toMatch(/1M context\s+anthropic\/claude-sonnet-4\.5/);
    expect(run.stdout.match(/https:\/\/openrouter\.ai\/settings\/preferences/g)).toHaveLength(1);
  });

  it("show and status read the day the prices were read; it moves only when the prices change", async () => {
    const sb = box();
    expect((await runInProcess(["setup", "--yes", "--no-restart"], sb.env, on("2026-11-02"))).exitCode).toBe(0);
    // A later run with the same prices changes nothing, so the day stays.
    expect((await runInProcess(["setup", "--yes", "--no-restart"], sb.env, on("2026-11-20"))).exitCode).toBe(0);
    const show = await runInProcess(["show"], sb.env);
    expect(show.stdout).toMatch(/Cost estimates\s+on, from OpenRouter prices of 2026-11-02/);
    expect(show.stdout).toMatch(/Attribution headers\s+on \(/);
    const status = await runInProcess(["status", "--json"], sb.env);
    expect(status.json<{ features: unknown }>().features).toEqual({
      pricing: { models: ["anthropic/claude-sonnet-4.5", "anthropic/claude-opus-4.1", "anthropic/claude-haiku-4.5"], readAt: "2026-11-02" },
      attribution: true,
      millionContext: ["anthropic/claude-sonnet-4.5"],
      gatewayOnly: false,
    });
    expect((await runInProcess(["status"], sb.env)).stdout).toMatch(/Cost estimates\s+on, from OpenRouter prices of 2026-11-02/);

    // OpenRouter changes a price: doctor says the rows are stale, setup writes them with the new day.
    const models = catalogue().map((m) =>
      m.id === "anthropic/claude-haiku-4.5" ? { ...m, pricing: { ...m.pricing, prompt: "0.0000008" } } : m,
    );
    const saved = fake.routes;
    fake.routes = { ...saved, "GET /api/v1/models": { body: { data: models } } };
    try {
      const doctor = await runInProcess(["doctor", "--json", "--check", "config.pricing"], sb.env);
      const check = doctor.json<{ checks: { id: string; status: string; detail: string; fix: string }[] }>().checks[0]!;
      expect(check).toMatchObject({
        status: "warn",
        detail: expect.stringContaining("anthropic/claude-haiku-4.5"),
        fix: expect.stringContaining("setup"),
      });
      expect((await runInProcess(["setup", "--yes", "--no-restart"], sb.env, on("2026-11-25"))).exitCode).toBe(0);
      const entry = sb.readJson<Entry>(sb.paths.entry);
      expect(entry.inferenceModelPricing?.[2]).toMatchObject({ name: "anthropic/claude-haiku-4.5", inputPerMtok: 0.8 });
      expect((await runInProcess(["show"], sb.env)).stdout).toMatch(/prices of 2026-11-25/);
      const after = await runInProcess(["doctor", "--json", "--check", "config.pricing"], sb.env);
      expect(after.json<{ checks: { status: string }[] }>().checks[0]?.status).toBe("ok");
    } finally {
      fake.routes = saved;
    }
  });
});
