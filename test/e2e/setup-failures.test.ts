// What happens when things go wrong: broken files, a write failing part-way, keys OpenRouter
// refuses, and networks that do not answer. Nothing is lost and every failure says why.
import { createServer } from "node:net";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileSystem } from "../../src/core/context.js";
import { fixture } from "../helpers/fixtures.js";
import { startFakeOpenRouter, useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, snapshotTree, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();

const env = () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

describe("a config file that does not parse", () => {
  let sb: Sandbox;
  const broken = '{\n  "appliedId": "00000000-0000-4000-8000-000000157210",\n  "entries": [\n';
  beforeAll(() => {
    sb = createSandbox("linux");
    sb.write(sb.paths.meta, broken);
    sb.write(sb.paths.rootConfig1p, { mcpServers: {} });
  });
  afterAll(() => sb.cleanup());

  it("is not overwritten: exit 1 with the file and the position", async () => {
    const before = snapshotTree(sb.home);
    const run = await sb.run(["setup", "--yes"], { env: env() });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(sb.paths.meta);
    // The [ that is never closed, where the person must look (the file just ends after it).
    expect(run.stderr).toContain("the [ at line 3, column 14 is never closed (a ] is missing)");
    expect(run.stderr).toContain("--repair");
    expect(snapshotTree(sb.home)).toEqual(before);
    const json = await sb.run(["setup", "--yes", "--json"], { env: env() });
    expect(json.json()).toMatchObject({ ok: false, error: { code: "config.unparsable" } });
  });

  it("--repair moves it into the backup set and starts it afresh", async () => {
    const run = await sb.run(["setup", "--yes", "--repair", "--json"], { env: env() });
    expect(run.exitCode).toBe(0);
    const result = run.json<{ files: { path: string; repaired: boolean }[]; backup: { path: string } }>();
    expect(result.files.find((f) => f.path === sb.paths.meta)?.repaired).toBe(true);
    expect(sb.readJson<{ appliedId: string }>(sb.paths.meta).appliedId).toBe("6f70656e-726f-4000-8000-757465720000");
    const manifest = JSON.parse(readFileSync(join(result.backup.path, "manifest.json"), "utf8")) as {
      files: { path: string; stored: string }[];
    };
    const kept = manifest.files.find((f) => f.path === sb.paths.meta)!;
    expect(readFileSync(join(result.backup.path, kept.stored), "utf8")).toBe(broken);
  });

  it("the tool's own state.json is replaced, but never silently: the plan marks it and the backup keeps it", async () => {
    const box = createSandbox("linux");
    try {
      const state = join(box.paths.stateDir, "state.json");
      box.write(state, '{"version": 1, "libraries": {');
      const dry = await box.run(["setup", "--yes", "--dry-run"], { env: env() });
      expect(dry.exitCode, dry.stderr).toBe(0);
      const run = await box.run(["setup", "--yes", "--json"], { env: env() });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(dry.stdout + dry.stderr).toMatch(
        new RegExp(`${state.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(does not parse: kept in the backup, started afresh\\)`),
      );
      const result = run.json<{ files: { path: string; repaired: boolean }[]; backup: { path: string } }>();
      expect(result.files.find((f) => f.path === state)?.repaired).toBe(true);
      expect(result.files.filter((f) => f.repaired).map((f) => f.path)).toEqual([state]);
      const manifest = JSON.parse(readFileSync(join(result.backup.path, "manifest.json"), "utf8")) as {
        files: { path: string; stored: string }[];
      };
      const kept = manifest.files.find((f) => f.path === state)!;
      expect(readFileSync(join(result.backup.path, kept.stored), "utf8")).toBe('{"version": 1, "libraries": {');
      expect(box.readJson<{ version: number }>(state).version).toBe(1);
    } finally {
      box.cleanup();
    }
  });
});

describe("a write that fails part-way", () => {
  it("rolls every file back to its exact prior bytes and says so", async () => {
    const sb = createSandbox("darwin");
    try {
      sb.write(sb.paths.rootConfig1p, '{"mcpServers":{"a":{"command":"x"}}}');
      const before = snapshotTree(sb.home);
      let renames = 0;
      const failOnThirdTarget = (real: FileSystem): FileSystem => ({
        ...real,
        rename: async (from, to) => {
          // The backup files are written first; fail on the third config file.
          if (!String(to).includes("claude-desktop-openrouter") && ++renames === 3) {
            throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
          }
          return real.rename(from, to);
        },
      });
      const run = await runInProcess(["setup", "--yes"], { ...sb.env, ...env() }, { fs: failOnThirdTarget });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("failed: permission denied;");
      expect(run.stderr).toMatch(/the \d files already written were put back as they were/);
      const after = snapshotTree(sb.home, (rel) => rel.includes("claude-desktop-openrouter"));
      expect(after).toEqual(before);
      // No temporary files are left beside the targets.
      expect(Object.keys(snapshotTree(sb.home)).filter((p) => p.endsWith(".tmp"))).toEqual([]);
      // The backup set exists and the lock was released.
      expect(readdirSync(join(sb.paths.stateDir, "backups")).length).toBe(1);
      expect(readdirSync(sb.paths.stateDir)).not.toContain("lock");
      // And the next run completes.
      const next = await runInProcess(["setup", "--yes"], { ...sb.env, ...env() });
      expect(next.exitCode).toBe(0);
    } finally {
      sb.cleanup();
    }
  });
});

describe("keys OpenRouter refuses (exit 3, nothing written)", () => {
  const cases: [string, Parameters<typeof startFakeOpenRouter>[0], RegExp][] = [
    ["401 User not found.", { "GET /api/v1/key": { status: 401, body: fixture("key.401.user-not-found.json") } }, /User not found\./],
    [
      "401 No auth credentials found",
      { "GET /api/v1/key": { status: 401, body: fixture("key.401.no-auth.json") } },
      /No auth credentials found/,
    ],
    ["a management key", { "GET /api/v1/key": { body: fixture("key.ok.management.json") } }, /management key/],
    ["an expired key", { "GET /api/v1/key": { body: fixture("key.expired.json") } }, /expired on 2026-01-01/],
  ];
  it.each(cases)("%s", async (_name, routes, message) => {
    const server = await startFakeOpenRouter(routes);
    const sb = createSandbox("linux");
    try {
      const run = await sb.run(["setup", "--yes"], {
        env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: server.apiUrl },
      });
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("https://openrouter.ai/settings/keys");
      expect(Object.keys(snapshotTree(sb.home))).toEqual([]);
    } finally {
      sb.cleanup();
      await server.close();
    }
  });

  it("warns on a used-up cap and a free-tier account, but writes", async () => {
    const server = await startFakeOpenRouter({ "GET /api/v1/key": { body: fixture("key.ok.exhausted.json") } });
    const sb = createSandbox("linux");
    try {
      const run = await sb.run(["setup", "--yes", "--json"], {
        env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: server.apiUrl },
      });
      expect(run.exitCode).toBe(0);
      expect(run.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).toContain("key.cap-used-up");
    } finally {
      sb.cleanup();
      await server.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("networks that fail", () => {
  it("a timeout says so: the server never answers, the run ends with the timeout naming the host and the deadline", async () => {
    const server = await startFakeOpenRouter({ "GET /api/v1/key": { after: new Promise(() => undefined), body: {} } });
    const sb = createSandbox("linux");
    try {
      const run = await sb.run(["setup", "--yes", "--json"], {
        env: {
          OPENROUTER_API_KEY: TEST_KEY,
          CLAUDE_DESKTOP_OPENROUTER_API_URL: server.apiUrl,
          CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS: "800",
        },
      });
      expect(run.exitCode).toBe(1);
      const host = new URL(server.apiUrl).host;
      expect(run.json()).toMatchObject({ ok: false, error: { code: "network.timeout", message: `No answer from ${host} within 0.8 s.` } });
      expect(server.requests.filter((r) => r.path === "/api/v1/key")).toHaveLength(1);
      expect(existsSync(sb.paths.meta)).toBe(false);
    } finally {
      sb.cleanup();
      await server.close();
    }
  });

  it("a refused connection says so", async () => {
    const sb = createSandbox("linux");
    try {
      const port = await closedPort();
      const run = await sb.run(["setup", "--yes"], {
        env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: `http://127.0.0.1:${port}/api/v1` },
      });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/connection to 127\.0\.0\.1:\d+ was refused/);
    } finally {
      sb.cleanup();
    }
  });

  it("a proxy that refuses names the proxy", async () => {
    const sb = createSandbox("linux");
    try {
      const port = await closedPort();
      const run = await sb.run(["setup", "--yes", "--json"], {
        env: {
          OPENROUTER_API_KEY: TEST_KEY,
          CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
          HTTP_PROXY: `http://user:secret@127.0.0.1:${port}`,
        },
      });
      expect(run.exitCode).toBe(1);
      const error = run.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe("network.proxy");
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).not.toContain("secret");
      // NO_PROXY lets the same request through directly.
      const direct = await sb.run(["setup", "--yes", "--dry-run"], {
        env: {
          OPENROUTER_API_KEY: TEST_KEY,
          CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
          HTTP_PROXY: `http://127.0.0.1:${port}`,
          NO_PROXY: "127.0.0.1",
        },
      });
      expect(direct.exitCode).toBe(0);
    } finally {
      sb.cleanup();
    }
  });

  it("an HTML answer means a wrong base URL", async () => {
    const sb = createSandbox("linux");
    try {
      const run = await sb.run(["setup", "--yes", "--json"], {
        env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: `${fake.apiUrl}/v1` },
      });
      expect(run.exitCode).toBe(1);
      expect(run.json()).toMatchObject({ error: { code: "http.html" } });
    } finally {
      sb.cleanup();
    }
  });
});

describe("input that is wrong before anything is sent", () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = createSandbox("linux");
  });
  afterAll(() => sb.cleanup());

  it.each([
    [["setup", "--yes"], { OPENROUTER_API_KEY: "sk-ant-api03-abcdefghijklmnopqrstuv" }, "Anthropic API key"],
    [["setup", "--yes"], {}, "--api-key-file"],
    [["setup", "--yes", "--models", "openai/gpt-4o"], { OPENROUTER_API_KEY: TEST_KEY }, "not a Claude model name"],
    [
      ["setup", "--yes", "--models", "anthropic/claude-nonexistent-9"],
      { OPENROUTER_API_KEY: TEST_KEY },
      "not a Claude model OpenRouter offers",
    ],
    [["setup", "--yes", "--egress", "https://github.com"], { OPENROUTER_API_KEY: TEST_KEY }, "not an egress host Claude Desktop accepts"],
    [["setup", "--yes", "--base-url", "https://openrouter.ai/api/v1"], { OPENROUTER_API_KEY: TEST_KEY }, "ends with /v1"],
    [["setup", "--yes", "--base-url", "http://openrouter.ai/api"], { OPENROUTER_API_KEY: TEST_KEY }, "must use https"],
    [
      ["setup", "--yes", "--base-url", "http://127.0.0.2:4000/api"],
      { OPENROUTER_API_KEY: TEST_KEY },
      "http only on 127.0.0.1, localhost or [::1]",
    ],
    [["setup", "--bogus"], {}, "Unknown option '--bogus'."],
    [["setup", "--skip-key-check", "--yes"], { OPENROUTER_API_KEY: TEST_KEY }, "no model list"],
    [["setup", "--egress", "all"], { OPENROUTER_API_KEY: TEST_KEY }, "needs an explicit confirmation"],
    [["setup"], { OPENROUTER_API_KEY: TEST_KEY }, "--yes"],
  ])("%j → exit 2", async (args, extra, message) => {
    const run = await sb.run(args, { env: { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, ...extra } });
    expect(run.stderr).toContain(message);
    expect(run.exitCode).toBe(2);
    expect(Object.keys(snapshotTree(sb.home))).toEqual([]);
  });

  it("reads the key from a file or stdin, quotes and newline stripped", async () => {
    sb.write(join(sb.dir, "key.txt"), `"${TEST_KEY}"\n`);
    const file = await sb.run(["setup", "--dry-run", "--api-key-file", join(sb.dir, "key.txt")], {
      env: { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
    });
    expect(file.exitCode).toBe(0);
    const stdin = await sb.run(["setup", "--dry-run", "--api-key-file", "-"], {
      env: { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
      input: `${TEST_KEY}\n`,
    });
    expect(stdin.exitCode).toBe(0);
    expect(stdin.stdout).toContain("sk-or-v1-012...cdef");
    const flag = await sb.run(["setup", "--dry-run", "--api-key", TEST_KEY], { env: { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl } });
    expect(flag.stderr).toContain("shell history");
    expect(Object.keys(snapshotTree(sb.home))).toEqual([]);
  });

  it("speaks Chinese with a zh locale", async () => {
    const run = await sb.run(["setup", "--yes"], { env: { LANG: "zh_CN.UTF-8" } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("没有提供 OpenRouter API 密钥");
  });
});
