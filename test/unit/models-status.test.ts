// `models` and `status`: JSON shapes, human output, the key sources and exit codes.
import { afterEach, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/render/style.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture, OTHER_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, ENTRY_ID, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
let box: Sandbox;

afterEach(() => {
  box?.cleanup();
  fake.reset();
});

function sandbox(extra: Record<string, string> = {}): Sandbox {
  box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, ...extra });
  return box;
}

/** Writes an applied entry as setup would (or another tool's, with `id`). */
function applied(b: Sandbox, settings: Record<string, unknown>, id = ENTRY_ID): void {
  b.write(b.paths.meta, { appliedId: id, entries: [{ id, name: id === ENTRY_ID ? "OpenRouter" : "Other tool" }] });
  b.write(`${b.paths.libDir}/${id}.json`, settings);
}

describe("models", () => {
  it("lists the usable Claude models newest first, prices per million, pinned marked (--json)", async () => {
    const b = sandbox();
    applied(b, {
      inferenceProvider: "gateway",
      inferenceModels: [
        { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
        "anthropic/claude-haiku-4.5",
      ],
    });
    const r = await runInProcess(["models", "--json"], b.env);
    expect(r.exitCode).toBe(0);
    const out = r.json<{ ok: boolean; command: string; all: boolean; pinned: string[]; models: Record<string, unknown>[] }>();
    expect(out.ok).toBe(true);
    expect(out.command).toBe("models");
    expect(out.all).toBe(false);
    expect(out.pinned).toEqual(["anthropic/claude-sonnet-4.5", "anthropic/claude-haiku-4.5"]);
    expect(out.models.map((m) => m.id)).toEqual([
      "anthropic/claude-haiku-4.5",
      "anthropic/claude-sonnet-4.5",
      "anthropic/claude-opus-4.1",
      "anthropic/claude-3.7-sonnet",
    ]);
    expect(out.models[1]).toEqual({
      id: "anthropic/claude-sonnet-4.5",
      name: "Anthropic: Claude Sonnet 4.5",
      created: 1759104000,
      contextLength: 1000000,
      topContextLength: 1000000,
      promptPerMillion: 3,
      completionPerMillion: 15,
      cacheReadPerMillion: 0.3,
      cacheWritePerMillion: 3.75,
      expirationDate: null,
      tier: "sonnet",
      usable: true,
      pinned: true,
    });
    expect(out.models[3]).toMatchObject({ expirationDate: "2026-12-15", pinned: false });
    expect(r.stderr).toBe("");
    // /models is public: no key goes with it.
    expect(fake.requests.every((q) => q.headers.authorization === undefined)).toBe(true);
  });

  it("--all lists every model with a usable-in-Claude-Desktop flag", async () => {
    const b = sandbox();
    const r = await runInProcess(["models", "--all", "--json"], b.env);
    const out = r.json<{ all: boolean; pinned: string[]; models: { id: string; usable: boolean }[] }>();
    expect(out.all).toBe(true);
    expect(out.pinned).toEqual([]);
    expect(out.models).toHaveLength(6);
    expect(out.models.find((m) => m.id === "openai/gpt-4o-mini")?.usable).toBe(false);
    expect(out.models.find((m) => m.id === "anthropic/claude-3.7-sonnet:thinking")?.usable).toBe(false);
    expect(out.models.find((m) => m.id === "anthropic/claude-opus-4.1")?.usable).toBe(true);
  });

  it("prints an aligned table with $/M prices and a pinned mark", async () => {
    const b = sandbox();
    applied(b, { inferenceModels: ["anthropic/claude-opus-4.1"] });
    const r = await runInProcess(["models"], b.env);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^\s+ID\s+Name\s+Context\s+Prompt \$\/M\s+Completion \$\/M\s+Notes$/);
    const opus = lines.find((l) => l.includes("claude-opus-4.1"))!;
    expect(opus).toMatch(/^\*\s+anthropic\/claude-opus-4\.1\s+Anthropic: Claude Opus 4\.1\s+200K\s+\$15\s+\$75/);
    const sonnet = lines.find((l) => l.includes("claude-sonnet-4.5"))!;
    expect(sonnet).toMatch(/1M\s+\$3\s+\$15/);
    // Columns line up: the id starts at the same offset on every row.
    const idColumn = lines.filter((l) => l.includes("anthropic/")).map((l) => l.indexOf("anthropic/"));
    expect(new Set(idColumn).size).toBe(1);
    expect(r.stdout).toContain("retiring 2026-12-15");
    expect(r.stdout).toContain("* pinned in the current configuration");
    expect(r.stdout).not.toContain("0.000003");
  });

  it.each([60, 80])(
    "fits a %i-column terminal: one line per model, the name cut (or left out) first, id and prices whole",
    async (width) => {
      const b = sandbox();
      const r = await runInProcess(["models"], { ...b.env, COLUMNS: String(width) });
      expect(r.exitCode).toBe(0);
      const table = r.stdout.split("\n\n")[0]!.split("\n");
      for (const line of table) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      const opus = table.find((l) => l.includes("anthropic/claude-opus-4.1"))!;
      expect(opus).toMatch(/anthropic\/claude-opus-4\.1\s+(\S.*\s+)?200K\s+\$15\s+\$75/);
      // Every model's row is one line: as many rows as models, plus the header.
      expect(table.filter((l) => l.includes("anthropic/")).length + 1).toBe(table.length);
    },
  );

  it("speaks Chinese with --lang zh-CN, with the same JSON keys", async () => {
    const b = sandbox();
    const r = await runInProcess(["models", "--all", "--lang", "zh-CN"], b.env);
    expect(r.stdout).toContain("上下文");
    expect(r.stdout).toContain("Claude Desktop 可用");
    const j = await runInProcess(["models", "--json", "--lang", "zh-CN"], b.env);
    expect(Object.keys(j.json<Record<string, unknown>>()).sort()).toEqual(["all", "command", "models", "ok", "pinned", "warnings"]);
  });
});

interface StatusJson {
  ok: boolean;
  command: string;
  source: string;
  key: Record<string, unknown>;
  credits: Record<string, unknown>;
  warnings: { code: string }[];
}

describe("status", () => {
  it("a capped key from the applied configuration; /credits 403 → needs a management key", async () => {
    const b = sandbox();
    applied(b, { inferenceProvider: "gateway", inferenceGatewayApiKey: TEST_KEY });
    const r = await runInProcess(["status", "--json"], b.env);
    expect(r.exitCode).toBe(0);
    const out = r.json<StatusJson>();
    expect(out).toEqual({
      ok: true,
      command: "status",
      source: "config",
      storage: "entry",
      key: {
        label: "sk-or-v1-0e6...1c96",
        masked: "sk-or-v1-012...cdef",
        limit: 100,
        limitRemaining: 74.5,
        limitReset: "monthly",
        usage: 25.5,
        usageDaily: 1.25,
        usageWeekly: 6.8,
        usageMonthly: 25.5,
        isFreeTier: false,
        isManagementKey: false,
        expiresAt: null,
        expired: false,
        signInLabel: null,
      },
      credits: { available: false, reason: "needs-management-key", message: "Only management keys can fetch credits for an account" },
      features: { pricing: null, attribution: false, millionContext: [], gatewayOnly: false },
      warnings: [],
    });
    expect(fake.requests.map((q) => q.path)).toEqual(["/api/v1/key", "/api/v1/credits"]);
    expect(fake.requests.every((q) => q.headers.authorization === `Bearer ${TEST_KEY}`)).toBe(true);

    const human = await runInProcess(["status"], b.env);
    expect(human.stdout).toMatch(/Key\s+sk-or-v1-0e6\.\.\.1c96/);
    expect(human.stdout).toMatch(/Spending cap\s+\$100\.00/);
    expect(human.stdout).toMatch(/Remaining\s+\$74\.50/);
    expect(human.stdout).toMatch(/Cap resets\s+monthly/);
    expect(human.stdout).toMatch(/Usage today\s+\$1\.25/);
    expect(human.stdout).toMatch(/Usage this week\s+\$6\.80/);
    expect(human.stdout).toMatch(/Usage this month\s+\$25\.50/);
    expect(human.stdout).toMatch(/Management key\s+no/);
    expect(human.stdout).toMatch(/Account balance\s+unavailable: reading it needs a management key/);
  });

  it("an uncapped free-tier key given by file, balance readable", async () => {
    const b = sandbox();
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.unlimited-free-tier.json") };
    fake.routes["GET /api/v1/credits"] = { body: fixture("credits.ok.json") };
    b.write(`${b.dir}/key.txt`, `  "${TEST_KEY}"\n`);
    const r = await runInProcess(["status", "--json", "--api-key-file", `${b.dir}/key.txt`], b.env);
    expect(r.exitCode).toBe(0);
    const out = r.json<StatusJson>();
    expect(out.source).toBe("file");
    expect(out.key).toMatchObject({ limit: null, limitRemaining: null, limitReset: null, isFreeTier: true });
    expect(out.credits).toEqual({ available: true, totalCredits: 100.5, totalUsage: 25.75, balance: 74.75 });
    expect(out.warnings.map((w) => w.code)).toEqual(["key.free-tier"]);
    const human = await runInProcess(["status", "--api-key-file", `${b.dir}/key.txt`], b.env);
    expect(human.stdout).toMatch(/Spending cap\s+no cap/);
    expect(human.stdout).toMatch(/Free tier\s+yes/);
    expect(human.stdout).toMatch(/Account balance\s+\$74\.75 \(\$100\.50 bought, \$25\.75 used\)/);
    expect(human.stderr).toContain("never bought credits");
  });

  it("an exhausted, expiring key: remaining 0 is warned about, exit 0", async () => {
    const b = sandbox({ OPENROUTER_API_KEY: TEST_KEY });
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.exhausted.json") };
    const r = await runInProcess(["status", "--json"], b.env);
    expect(r.exitCode).toBe(0);
    const out = r.json<StatusJson>();
    expect(out.source).toBe("env");
    expect(out.key).toMatchObject({ limit: 5, limitRemaining: 0, expiresAt: "2026-12-31T23:59:59Z" });
    expect(out.warnings.map((w) => w.code)).toContain("key.cap-used-up");
  });

  it("the legacy minimal /key shape still parses", async () => {
    const b = sandbox({ OPENROUTER_API_KEY: TEST_KEY });
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.legacy-minimal.json") };
    const r = await runInProcess(["status", "--json"], b.env);
    expect(r.exitCode).toBe(0);
    expect(r.json<StatusJson>().key).toMatchObject({
      label: "sk-or-v1-116...0ce",
      limit: 5,
      limitRemaining: 4.8984355238,
      limitReset: null,
      usageDaily: null,
      isManagementKey: false,
      expiresAt: null,
    });
    const human = await runInProcess(["status"], b.env);
    expect(human.stdout).toMatch(/Usage today\s+-/);
  });

  it("a rejected key is exit 3 with OpenRouter's words, in JSON too", async () => {
    const b = sandbox({ OPENROUTER_API_KEY: OTHER_KEY });
    const r = await runInProcess(["status", "--json"], b.env);
    expect(r.exitCode).toBe(3);
    expect(r.json<{ ok: boolean; error: { code: string; message: string } }>()).toMatchObject({
      ok: false,
      error: { code: "key.rejected" },
    });
    expect(r.stdout).toContain("User not found.");
  });

  it("a management key is shown but exit 3 (it cannot be used for inference)", async () => {
    const b = sandbox({ OPENROUTER_API_KEY: TEST_KEY });
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.management.json") };
    fake.routes["GET /api/v1/credits"] = { body: fixture("credits.ok.json") };
    const r = await runInProcess(["status", "--json"], b.env);
    expect(r.exitCode).toBe(3);
    const out = r.json<StatusJson>();
    expect(out.ok).toBe(false);
    expect(out.key.isManagementKey).toBe(true);
    expect(out.credits.available).toBe(true);
  });

  it("without any key: exit 2 naming --api-key-file and OPENROUTER_API_KEY, no request", async () => {
    const b = sandbox();
    const r = await runInProcess(["status"], b.env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--api-key-file");
    expect(r.stderr).toContain("OPENROUTER_API_KEY");
    expect(fake.requests).toHaveLength(0);
  });

  it("the key options win over the configuration", async () => {
    const b = sandbox();
    applied(b, { inferenceGatewayApiKey: OTHER_KEY });
    const r = await runInProcess(["status", "--json", "--api-key-file", "-"], b.env, { stdin: TEST_KEY });
    expect(r.exitCode).toBe(0);
    expect(r.json<StatusJson>().source).toBe("stdin");
  });
});

describe("figures", () => {
  it("formats prices per million tokens and context lengths", async () => {
    const { pricePerMillion, contextLength, usd } = await import("../../src/render/figures.js");
    expect([3, 0.6, 0.15, 3.75, 0.075, null].map(pricePerMillion)).toEqual(["$3", "$0.60", "$0.15", "$3.75", "$0.075", "-"]);
    expect([1_000_000, 200_000, 131_072, 2_000_000, 512, null].map(contextLength)).toEqual(["1M", "200K", "131K", "2M", "512", "-"]);
    expect([74.5, 0, 0.001, -1.5].map(usd)).toEqual(["$74.50", "$0.00", "$0.0010", "-$1.50"]);
  });
});

describe("the same interface in both languages", () => {
  it("status and models --json: same keys, codes and exit codes in en and zh-CN", async () => {
    const b = sandbox({ OPENROUTER_API_KEY: TEST_KEY });
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.unlimited-free-tier.json") };
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(shape)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "message" ? "" : shape(v)]))
          : value;
    for (const args of [
      ["status", "--json"],
      ["models", "--json", "--all"],
    ]) {
      const en = await runInProcess([...args, "--lang", "en"], b.env);
      const zh = await runInProcess([...args, "--lang", "zh-CN"], b.env);
      expect(zh.exitCode).toBe(en.exitCode);
      expect(shape(zh.json())).toEqual(shape(en.json()));
    }
    const rejected = { ...b.env, OPENROUTER_API_KEY: OTHER_KEY };
    const en = await runInProcess(["status", "--json"], rejected);
    const zh = await runInProcess(["status", "--json", "--lang", "zh-CN"], rejected);
    expect([en.exitCode, zh.exitCode]).toEqual([3, 3]);
    expect(zh.json<{ error: { code: string } }>().error.code).toBe(en.json<{ error: { code: string } }>().error.code);
    expect(zh.json<{ error: { message: string } }>().error.message).toContain("OpenRouter 拒绝了该密钥");
  });
});
