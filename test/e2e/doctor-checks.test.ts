// One test per check per outcome, driven by config trees per simulated OS and fake OpenRouter
// scenarios. In-process (fast); the subprocess behaviour is covered in doctor-cli.test.ts.
import { createServer } from "node:net";
import { mkdirSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTRY_ID, type Sandbox } from "../helpers/sandbox.js";
import { fixture, TEST_KEY } from "../helpers/fixtures.js";
import { startFakeOpenRouter, type FakeOpenRouter } from "../helpers/fake-openrouter.js";
import { doctor, goodEntry, sandboxWith } from "../helpers/doctor.js";

const sandboxes: Sandbox[] = [];
function sb(...args: Parameters<typeof sandboxWith>): Sandbox {
  const s = sandboxWith(...args);
  sandboxes.push(s);
  return s;
}
afterAll(() => {
  for (const s of sandboxes) s.cleanup();
});

async function one(s: Sandbox, id: string, extra: string[] = ["--offline"], env: Record<string, string> = {}) {
  const run = await doctor(s, ["--check", id, ...extra], env);
  return run.check(id);
}

describe("app.* and managed.policy", () => {
  it("app.installed ok with the app, warn without", async () => {
    expect((await one(sb("darwin"), "app.installed")).status).toBe("ok");
    const missing = await one(sb("linux", { app: false }), "app.installed");
    expect(missing.status).toBe("warn");
    expect(missing.fix).toContain("claude.com/download");
  });
  it("app.installed names the version, or says it could not be read (never a bare '?')", async () => {
    expect((await one(sb("win32"), "app.installed")).detail).toMatch(/^Windows per-user 1\.2\.3 at /);
    const unknown = await one(sb("linux"), "app.installed");
    expect(unknown.detail).toMatch(/^Linux package at .*\(its version could not be read\)$/);
    expect(unknown.detail).not.toContain("?");
  });
  it("app.running: ok when the app is not running", async () => {
    expect(await one(sb("linux"), "app.running")).toMatchObject({ status: "ok", data: { running: false } });
  });
  it("app.log: skip without a main.log, then active, invalid (with the field), ignored keys", async () => {
    const s = sb("linux");
    expect(await one(s, "app.log")).toMatchObject({ status: "skip" });
    const log = join(s.paths.dataDir, "logs", "main.log");
    s.write(
      log,
      "2026-11-26 10:00:00 [info] [custom-3p] 3P mode active { provider: 'gateway' }\n2026-11-26 10:00:00 [info] [custom-3p] inference apiHost=https://openrouter.ai/api\n",
    );
    expect(await one(s, "app.log")).toMatchObject({ status: "ok", detail: expect.stringContaining("https://openrouter.ai/api") });
    s.write(log, 'x [error] Invalid custom3p enterprise config: inferenceModels: configured model "gpt-5.5" is not an Anthropic model\n');
    expect(await one(s, "app.log")).toMatchObject({ status: "error", detail: expect.stringContaining("inferenceModels") });
    s.write(
      log,
      "x [custom-3p] 3P mode active { provider: 'gateway' }\nx [warn] Ignoring local configuration value \"inferenceGatewayHeaders\": not a recognized configuration key\n",
    );
    expect(await one(s, "app.log")).toMatchObject({ status: "warn", detail: expect.stringContaining("inferenceGatewayHeaders") });
  });
  it("managed.policy: ok without a managed source, error naming the keys of one that takes over", async () => {
    const s = sb("linux");
    expect(await one(s, "managed.policy")).toMatchObject({ status: "ok" });
    s.write(
      join(s.root, "etc", "claude-desktop", "managed-settings.json"),
      { inferenceProvider: "bedrock", disableAutoUpdates: true },
      0o644,
    );
    const c = await one(s, "managed.policy");
    expect(c).toMatchObject({ status: "error", detail: expect.stringContaining("inferenceProvider") });
    expect(c.fix).toContain("export");
    expect(JSON.stringify(c)).not.toContain("bedrock");
  });
});

describe("config.library", () => {
  it("ok on a healthy library", async () => expect((await one(sb("linux"), "config.library")).status).toBe("ok"));
  it("error when the library is missing", async () => {
    const c = await one(sb("linux", { meta: null }), "config.library");
    expect(c).toMatchObject({ status: "error", fix: expect.stringContaining("setup") });
  });
  it("error with the position when _meta.json does not parse", async () => {
    const c = await one(sb("darwin", { meta: '{"appliedId": ' }), "config.library");
    expect(c.status).toBe("error");
    expect(c.detail).toMatch(/line 1, column \d+/);
    expect(c.fix).toContain("--repair");
  });
  it("error when appliedId is not a lowercase UUID", async () => {
    const c = await one(sb("linux", { meta: { appliedId: ENTRY_ID.toUpperCase() } }), "config.library");
    expect(c).toMatchObject({ status: "error", detail: expect.stringContaining("lowercase UUID") });
  });
  it("error when the applied entry file is missing, and dependents skip with the reason", async () => {
    const s = sb("linux", { meta: { appliedId: "11111111-2222-4333-8444-555555555555" } });
    const run = await doctor(s, ["--offline"]);
    expect(run.check("config.library")).toMatchObject({ status: "error", detail: expect.stringContaining("missing") });
    expect(run.check("config.provider")).toMatchObject({ status: "skip", detail: "skipped: config.library failed" });
    expect(run.exitCode).toBe(1);
  });
  it("error when the applied entry does not parse", async () => {
    expect((await one(sb("win32", { entryText: "{ not json" }), "config.library")).status).toBe("error");
  });
});

describe("config.applied", () => {
  it("ok for this tool's entry", async () => expect((await one(sb("linux"), "config.applied")).status).toBe("ok"));
  it("warn naming another tool's applied entry", async () => {
    const other = "00000000-0000-4000-8000-000000157210";
    const s = sb("linux", {
      meta: {
        appliedId: other,
        entries: [
          { id: other, name: "CC Switch" },
          { id: ENTRY_ID, name: "OpenRouter" },
        ],
      },
    });
    s.write(join(s.paths.libDir, `${other}.json`), goodEntry(), 0o600);
    const c = await one(s, "config.applied");
    expect(c).toMatchObject({ status: "warn", detail: expect.stringContaining("CC Switch") });
  });
  it("error on a deprecated key past its cut-off, naming the replacement", async () => {
    const c = await one(sb("linux", { entry: goodEntry({ inferenceGatewayHeaders: ["X-A: b"] }) }), "config.applied");
    expect(c).toMatchObject({ status: "error", detail: expect.stringContaining("inferenceCustomHeaders") });
  });
  it("skip when the library failed", async () => expect((await one(sb("linux", { meta: null }), "config.applied")).status).toBe("skip"));
});

describe("config.provider", () => {
  it("ok for gateway", async () => expect((await one(sb("linux"), "config.provider")).status).toBe("ok"));
  it("error when missing or another provider", async () => {
    expect((await one(sb("linux", { entry: goodEntry({ inferenceProvider: undefined }) }), "config.provider")).status).toBe("error");
    expect((await one(sb("linux", { entry: goodEntry({ inferenceProvider: "bedrock" }) }), "config.provider")).detail).toContain("bedrock");
  });
});

describe("config.base-url", () => {
  const cases: [string, string, string][] = [
    ["https://openrouter.ai/api", "ok", ""],
    ["https://openrouter.ai/api/v1", "error", "/v1"],
    ["https://openrouter.ai/api/v1/messages", "error", "/v1/messages"],
    ["https://openrouter.ai/api/", "error", "trailing slash"],
    ["http://openrouter.ai/api", "error", "not https"],
    ["https://gateway.example.com/api", "warn", "is not https://openrouter.ai/api"],
  ];
  for (const [url, status, text] of cases) {
    it(`${status} for ${url}`, async () => {
      const c = await one(sb("darwin", { entry: goodEntry({ inferenceGatewayBaseUrl: url }) }), "config.base-url");
      expect(c.status).toBe(status);
      expect(c.detail).toContain(text);
      if (status === "error" && url.includes("/v1")) expect(c.fix).toContain("https://openrouter.ai/api:");
    });
  }
});

describe("config.auth-scheme", () => {
  const cases: [unknown, string][] = [
    ["bearer", "ok"],
    ["x-api-key", "warn"],
    [undefined, "warn"],
    ["auto", "error"],
    ["sso", "error"],
  ];
  for (const [scheme, status] of cases) {
    it(`${status} for ${String(scheme)}`, async () => {
      const c = await one(sb("linux", { entry: goodEntry({ inferenceGatewayAuthScheme: scheme }) }), "config.auth-scheme");
      expect(c.status).toBe(status);
      if (status !== "ok") expect(c.fix).toContain("doctor --fix");
    });
  }
});

describe("config.api-key", () => {
  it("ok with the key masked", async () => {
    const c = await one(sb("linux"), "config.api-key");
    expect(c).toMatchObject({ status: "ok", detail: `${TEST_KEY.slice(0, 12)}...${TEST_KEY.slice(-4)}` });
  });
  it("warn on an unusual sk-or- shape", async () => {
    expect(
      (await one(sb("linux", { entry: goodEntry({ inferenceGatewayApiKey: `sk-or-v2-${"ab".repeat(20)}` }) }), "config.api-key")).status,
    ).toBe("warn");
  });
  it("error when missing, padded with quotes or white space, or another vendor's key", async () => {
    expect((await one(sb("linux", { entry: goodEntry({ inferenceGatewayApiKey: "" }) }), "config.api-key")).status).toBe("error");
    const padded = await one(sb("linux", { entry: goodEntry({ inferenceGatewayApiKey: ` "${TEST_KEY}"\n` }) }), "config.api-key");
    expect(padded).toMatchObject({ status: "error", detail: expect.stringContaining("white space or quotes") });
    const anthropic = await one(
      sb("linux", { entry: goodEntry({ inferenceGatewayApiKey: `sk-ant-api03-${"x".repeat(40)}` }) }),
      "config.api-key",
    );
    expect(anthropic).toMatchObject({ status: "error", detail: expect.stringMatching(/Anthropic/i) });
  });
});

describe("config.egress", () => {
  const cases: [unknown, string, string][] = [
    [["github.com"], "ok", "1 host allowed"],
    [undefined, "warn", "blocked by your network egress settings"],
    [["*"], "warn", "sandbox off"],
    [["github.com:443"], "ok", "1 host allowed"],
    [["https://github.com/x", "github.com"], "warn", "the app drops this entry"],
    ["github.com", "error", "not a list"],
  ];
  for (const [hosts, status, text] of cases) {
    it(`${status} for ${JSON.stringify(hosts)}`, async () => {
      const c = await one(sb("linux", { entry: goodEntry({ coworkEgressAllowedHosts: hosts }) }), "config.egress");
      expect(c.status).toBe(status);
      expect(c.detail).toContain(text);
    });
  }
});

describe("config.deployment-mode", () => {
  it("ok when both files say 3p", async () => expect((await one(sb("darwin"), "config.deployment-mode")).status).toBe("ok"));
  it("error on 1p or unset, fixable", async () => {
    const c = await one(sb("darwin", { deploymentMode: "1p" }), "config.deployment-mode");
    expect(c).toMatchObject({ status: "error", fix: expect.stringContaining("doctor --fix") });
    expect((await one(sb("linux", { deploymentMode: null }), "config.deployment-mode")).status).toBe("error");
  });
  it("error when a root config does not parse", async () => {
    const s = sb("linux");
    s.write(s.paths.rootConfig1p, "{,}");
    expect(await one(s, "config.deployment-mode")).toMatchObject({ status: "error", fix: expect.stringContaining("--repair") });
  });
});

describe("config.permissions", () => {
  it("ok when owner-only", async () => expect((await one(sb("linux"), "config.permissions")).status).toBe("ok"));
  it("warn when _meta.json is group-readable, error when the key file is world-readable", async () => {
    const s = sb("darwin");
    chmodSync(s.paths.meta, 0o640);
    expect((await one(s, "config.permissions")).status).toBe("warn");
    chmodSync(s.paths.entry, 0o644);
    expect(await one(s, "config.permissions")).toMatchObject({ status: "error", fix: expect.stringContaining("chmod 600") });
  });
  it("skip on Windows", async () => expect((await one(sb("win32"), "config.permissions")).status).toBe("skip"));
});

describe("config.copies", () => {
  it("skip off Windows", async () => expect((await one(sb("linux"), "config.copies")).status).toBe("skip"));
  it("ok with one copy, and with identical packaged copies", async () => {
    const s = sb("win32");
    expect((await one(s, "config.copies")).status).toBe("ok");
    const copy = join(s.home, "AppData", "Local", "Packages", "Claude_pzs8sxrjxfjjc", "LocalCache", "Local", "Claude-3p", "configLibrary");
    mkdirSync(copy, { recursive: true });
    s.write(join(copy, "_meta.json"), s.read(s.paths.meta));
    s.write(join(copy, `${ENTRY_ID}.json`), s.read(s.paths.entry));
    expect(await one(s, "config.copies")).toMatchObject({ status: "ok", detail: expect.stringContaining("2 copies") });
  });
  it("error when a packaged copy applies something else (the app may read it instead)", async () => {
    const s = sb("win32");
    const copy = join(s.home, "AppData", "Local", "Packages", "Claude_pzs8sxrjxfjjc", "LocalCache", "Local", "Claude-3p", "configLibrary");
    s.write(join(copy, "_meta.json"), { appliedId: "d1444bab-0000-4000-8000-000000000002" });
    const c = await one(s, "config.copies");
    expect(c).toMatchObject({
      status: "error",
      detail: expect.stringContaining("packaged-app copy"),
      fix: expect.stringContaining("setup"),
    });
  });
});

describe("with a fake OpenRouter", () => {
  let fake: FakeOpenRouter;
  let closedPort: number;
  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closedPort = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(() => fake.close());
  const env = () => ({ CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const withRoutes = async <T>(routes: FakeOpenRouter["routes"], work: () => Promise<T>): Promise<T> => {
    const saved = fake.routes;
    fake.routes = { ...saved, ...routes };
    try {
      return await work();
    } finally {
      fake.routes = saved;
    }
  };
  const online = (s: Sandbox, id: string, extra: string[] = [], e: Record<string, string> = {}) => one(s, id, extra, { ...env(), ...e });

  describe("config.models", () => {
    it("ok offline and online; warn without a pinned list; error on a non-Claude name", async () => {
      expect((await one(sb("linux"), "config.models")).status).toBe("ok");
      expect((await online(sb("linux"), "config.models")).status).toBe("ok");
      expect((await one(sb("linux", { entry: goodEntry({ inferenceModels: undefined }) }), "config.models")).status).toBe("warn");
      const c = await one(sb("linux", { entry: goodEntry({ inferenceModels: ["openai/gpt-4o-mini"] }) }), "config.models");
      expect(c).toMatchObject({ status: "error", detail: expect.stringContaining("the picker is empty") });
    });
    it("warn on two defaults for one tier", async () => {
      const models = [
        { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
        { name: "anthropic/claude-sonnet-4", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      ];
      expect((await one(sb("linux", { entry: goodEntry({ inferenceModels: models }) }), "config.models")).status).toBe("warn");
    });
    it("error on a model OpenRouter no longer offers, naming its newest sibling", async () => {
      const c = await online(
        sb("linux", { entry: goodEntry({ inferenceModels: [{ name: "anthropic/claude-sonnet-4", anthropicFamilyTier: "sonnet" }] }) }),
        "config.models",
      );
      expect(c).toMatchObject({ status: "error", fix: expect.stringContaining("anthropic/claude-sonnet-4 → anthropic/claude-sonnet-4.5") });
    });
    it("warn on a model being retired", async () => {
      const models = fixture("models.openrouter.json") as { data: Record<string, unknown>[] };
      const retiring = {
        ...models,
        data: models.data.map((m) => (m.id === "anthropic/claude-haiku-4.5" ? { ...m, expiration_date: "2026-12-01" } : m)),
      };
      await withRoutes({ "GET /api/v1/models": { body: retiring } }, async () => {
        expect(await online(sb("linux"), "config.models")).toMatchObject({ status: "warn", detail: expect.stringContaining("2026-12-01") });
      });
    });
  });

  describe("network.reach", () => {
    it("ok against the fake, skip with --offline", async () => {
      expect((await online(sb("linux"), "network.reach")).status).toBe("ok");
      expect((await one(sb("linux"), "network.reach")).status).toBe("skip");
    });
    it("error on a DNS failure", async () => {
      const c = await one(sb("linux"), "network.reach", [], { CLAUDE_DESKTOP_OPENROUTER_API_URL: "http://nonexistent.invalid/api/v1" });
      expect(c).toMatchObject({ status: "error", data: expect.objectContaining({ error: "network.dns" }) });
    });
    it("error on a refused connection", async () => {
      const c = await one(sb("linux"), "network.reach", [], { CLAUDE_DESKTOP_OPENROUTER_API_URL: `http://127.0.0.1:${closedPort}/api/v1` });
      expect(c).toMatchObject({ status: "error", data: expect.objectContaining({ error: "network.refused" }) });
    });
    it("error naming the proxy when the proxy is down", async () => {
      const c = await online(sb("linux"), "network.reach", [], {
        HTTP_PROXY: `http://127.0.0.1:${closedPort}`,
        HTTPS_PROXY: `http://127.0.0.1:${closedPort}`,
      });
      expect(c).toMatchObject({
        status: "error",
        data: expect.objectContaining({ error: "network.proxy", proxy: `http://127.0.0.1:${closedPort}` }),
      });
    });
    it("error, without waiting for it, when the answer comes after the timeout", async () => {
      // The answer, which would pass, never comes: a timeout can only mean the check stopped
      // waiting (the deadline's own arithmetic is tested on the context's clock in http.test).
      await withRoutes({ "GET /api/v1/models": { after: new Promise(() => undefined), body: { data: [] } } }, async () => {
        const c = await online(sb("linux"), "network.reach", [], { CLAUDE_DESKTOP_OPENROUTER_DOCTOR_TIMEOUT_MS: "300" });
        expect(c).toMatchObject({ status: "error", data: expect.objectContaining({ error: "network.timeout" }) });
      });
    });
  });

  describe("openrouter.key", () => {
    it("ok with the label", async () =>
      expect(await online(sb("linux"), "openrouter.key")).toMatchObject({ status: "ok", detail: "accepted: sk-or-v1-0e6...1c96" }));
    for (const name of ["key.401.user-not-found.json", "key.401.no-auth.json"]) {
      it(`error on 401 (${name})`, async () => {
        const body = fixture(name) as { error: { message: string } };
        await withRoutes({ "GET /api/v1/key": { status: 401, body } }, async () => {
          const c = await online(sb("linux"), "openrouter.key");
          expect(c).toMatchObject({
            status: "error",
            detail: expect.stringContaining(body.error.message),
            fix: expect.stringContaining("openrouter.ai/settings/keys"),
          });
        });
      });
    }
    it("error on a management key and on an expired key; warn when it expires within a week", async () => {
      await withRoutes({ "GET /api/v1/key": { body: fixture("key.ok.management.json") } }, async () => {
        expect((await online(sb("linux"), "openrouter.key")).detail).toContain("management key");
      });
      await withRoutes({ "GET /api/v1/key": { body: fixture("key.expired.json") } }, async () => {
        expect(await online(sb("linux"), "openrouter.key")).toMatchObject({ status: "error", detail: expect.stringContaining("expired") });
      });
      const soon = structuredClone(fixture("key.ok.capped.json")) as { data: Record<string, unknown> };
      soon.data.expires_at = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
      await withRoutes({ "GET /api/v1/key": { body: soon } }, async () => {
        expect((await online(sb("linux"), "openrouter.key")).status).toBe("warn");
      });
    });
    it("error naming OpenRouter's side on 500", async () => {
      await withRoutes({ "GET /api/v1/key": { status: 500, body: fixture("key.500.json") } }, async () => {
        expect(await online(sb("linux"), "openrouter.key")).toMatchObject({
          status: "error",
          fix: expect.stringContaining("status.openrouter.ai"),
        });
      });
    });
    it("error saying the URL is wrong when the API answers with a web page (doubled /v1)", async () => {
      const c = await one(sb("linux"), "openrouter.key", [], { CLAUDE_DESKTOP_OPENROUTER_API_URL: `${fake.apiUrl}/v1` });
      expect(c).toMatchObject({ status: "error", detail: expect.stringContaining("web page"), fix: expect.stringContaining("no /v1") });
    });
    it("skip when network.reach failed", async () => {
      const c = await one(sb("linux"), "openrouter.key", [], {
        CLAUDE_DESKTOP_OPENROUTER_API_URL: `http://127.0.0.1:${closedPort}/api/v1`,
      });
      expect(c).toMatchObject({ status: "skip", detail: "skipped: network.reach failed" });
    });
  });

  describe("openrouter.limit", () => {
    it("ok with the cap; the /credits 403 is only a note", async () => {
      const c = await online(sb("linux"), "openrouter.limit");
      expect(c).toMatchObject({ status: "ok", detail: expect.stringContaining("needs a management key") });
      expect(c.detail).toContain("$74.50");
    });
    it("shows the balance when /credits answers; error when it is used up", async () => {
      await withRoutes({ "GET /api/v1/credits": { body: fixture("credits.ok.json") } }, async () => {
        expect((await online(sb("linux"), "openrouter.limit")).detail).toContain("$74.75");
      });
      await withRoutes({ "GET /api/v1/credits": { body: { data: { total_credits: 10, total_usage: 10.5 } } } }, async () => {
        expect((await online(sb("linux"), "openrouter.limit")).status).toBe("error");
      });
    });
    it("error when the key's cap is used up", async () => {
      await withRoutes({ "GET /api/v1/key": { body: fixture("key.ok.exhausted.json") } }, async () => {
        expect(await online(sb("linux"), "openrouter.limit")).toMatchObject({
          status: "error",
          detail: expect.stringContaining("402"),
          fix: expect.stringContaining("settings/keys"),
        });
      });
    });
    it("warn on the free tier", async () => {
      await withRoutes({ "GET /api/v1/key": { body: fixture("key.ok.unlimited-free-tier.json") } }, async () => {
        expect(await online(sb("linux"), "openrouter.limit")).toMatchObject({
          status: "warn",
          fix: expect.stringContaining("settings/credits"),
        });
      });
    });
  });

  describe("openrouter.models", () => {
    it("ok when Claude models are available", async () => expect((await online(sb("linux"), "openrouter.models")).status).toBe("ok"));
    it("error naming the privacy page when /models/user has no Claude model", async () => {
      const onlyOpenAI = {
        data: (fixture("models.openrouter.json") as { data: { id: string }[] }).data.filter((m) => !m.id.startsWith("anthropic/")),
      };
      await withRoutes({ "GET /api/v1/models/user": { body: onlyOpenAI } }, async () => {
        expect(await online(sb("linux"), "openrouter.models")).toMatchObject({
          status: "error",
          fix: expect.stringContaining("openrouter.ai/settings/privacy"),
        });
      });
    });
    it("error when a pinned model is hidden by the account's settings", async () => {
      const noSonnet = {
        data: (fixture("models.openrouter.json") as { data: { id: string }[] }).data.filter((m) => m.id !== "anthropic/claude-sonnet-4.5"),
      };
      await withRoutes({ "GET /api/v1/models/user": { body: noSonnet } }, async () => {
        expect(await online(sb("linux"), "openrouter.models")).toMatchObject({
          status: "error",
          detail: expect.stringContaining("anthropic/claude-sonnet-4.5"),
        });
      });
    });
  });

  describe("openrouter.messages (--live)", () => {
    const ok200 = {
      body: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "anthropic/claude-sonnet-4.5",
        content: [{ type: "text", text: "O" }],
        stop_reason: "max_tokens",
        usage: { input_tokens: 8, output_tokens: 1 },
      },
      headers: { "x-generation-id": "gen-123" },
    };
    const err = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) => ({
      status,
      body: { type: "error", error, request_id: "gen-9" },
      headers,
    });
    it("skip without --live", async () =>
      expect(await online(sb("linux"), "openrouter.messages")).toMatchObject({
        status: "skip",
        detail: expect.stringContaining("--live"),
      }));
    it("ok: one request exactly as Claude Desktop sends it", async () => {
      await withRoutes({ "POST /api/v1/messages": ok200 }, async () => {
        const before = fake.requests.length;
        const c = await online(sb("linux"), "openrouter.messages", ["--live"]);
        expect(c).toMatchObject({ status: "ok", detail: expect.stringContaining("gen-123") });
        const sent = fake.requests.slice(before).filter((r) => r.method === "POST");
        expect(sent).toHaveLength(1);
        expect(sent[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
        expect(sent[0]!.headers["anthropic-version"]).toBe("2023-06-01");
        expect(JSON.parse(sent[0]!.body)).toMatchObject({ model: "anthropic/claude-sonnet-4.5", max_tokens: 1 });
      });
    });
    const scenarios: [string, ReturnType<typeof err>, string, string][] = [
      [
        "402 billing",
        err(402, { type: "billing_error", message: "This request requires more credits", error_type: "payment_required" }),
        "error",
        "settings/credits",
      ],
      [
        "402 from a guardrail's budget",
        err(402, { type: "billing_error", message: "Guardrail budget exceeded", error_type: "payment_required" }),
        "error",
        "team policy --budget",
      ],
      [
        "403 from a guardrail's budget",
        err(403, { type: "permission_error", message: "Request blocked: guardrail budget limit reached", error_type: "permission_denied" }),
        "error",
        "team policy --budget",
      ],
      [
        "404 privacy",
        err(404, {
          type: "not_found_error",
          message: "No endpoints found matching your data policy (Paid model training). Configure: https://openrouter.ai/settings/privacy",
          error_type: "not_found",
          availability: { code: "privacy_restricted", retryable: false },
        }),
        "error",
        "settings/privacy",
      ],
      [
        "403 region",
        err(403, {
          type: "permission_error",
          message: "Model anthropic/claude-sonnet-4.5 is not available in your region",
          error_type: "permission_denied",
          availability: { code: "region_restricted", retryable: false },
        }),
        "error",
        "region",
      ],
      [
        "429 with Retry-After",
        err(429, { type: "rate_limit_error", message: "Rate limit exceeded", error_type: "rate_limit_exceeded" }, { "retry-after": "40" }),
        "warn",
        "40 s",
      ],
      [
        "502",
        err(502, { type: "api_error", message: "Provider returned error", error_type: "provider_unavailable" }),
        "error",
        "status.openrouter.ai",
      ],
      [
        "503",
        err(
          503,
          {
            type: "overloaded_error",
            message: "Service temporarily overloaded",
            error_type: "provider_overloaded",
            availability: { code: "temporarily_unavailable", retryable: true, retry_after: 30 },
          },
          { "retry-after": "30" },
        ),
        "warn",
        "status.openrouter.ai",
      ],
    ];
    for (const [name, reply, status, fixText] of scenarios) {
      it(`${status} on ${name}, never retried`, async () => {
        await withRoutes({ "POST /api/v1/messages": reply }, async () => {
          const before = fake.requests.length;
          const c = await online(sb("linux"), "openrouter.messages", ["--live"]);
          expect(c.status).toBe(status);
          expect(c.fix).toContain(fixText);
          expect(fake.requests.slice(before).filter((r) => r.method === "POST")).toHaveLength(1);
        });
      });
    }
    it("error saying the URL is wrong when the configured base URL ends in /v1 (HTML 404)", async () => {
      const s = sb("linux", { entry: goodEntry({ inferenceGatewayBaseUrl: `${fake.baseUrl}/v1` }) });
      const c = await online(s, "openrouter.messages", ["--live"]);
      expect(c).toMatchObject({ status: "error", detail: expect.stringContaining("/api/v1/v1/messages") });
    });
  });
});
