// doctor as a subprocess: the human output, the JSON shape, exit codes, --fix through the write
// transaction, setup's closing checks, and --offline not loading the HTTP layer.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { goodEntry, installApp, useMachines, type DoctorJson } from "../helpers/doctor.js";
import { BIN, createSandbox, TEST_KEY } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const machine = useMachines();

describe("doctor (subprocess)", () => {
  it("prints one aligned line per check, fixes under problems, and a summary; exit 0 on a healthy setup", async () => {
    const s = machine("linux");
    const run = await s.run(["doctor"], { env: { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl } });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.filter((l) => /^[✔⚠✖–] /.test(l))).toHaveLength(22);
    const detailColumn = lines.filter((l) => /^[✔⚠✖–] /.test(l)).map((l) => l.search(/(?<=\S)\s{2,}\S/));
    expect(
      new Set(
        detailColumn.map(
          (c, i) =>
            c +
            lines
              .filter((l) => /^[✔⚠✖–] /.test(l))
              [i]!.slice(c)
              .match(/^\s+/)![0].length,
        ),
      ).size,
    ).toBe(1);
    expect(lines.at(-1)).toMatch(/^ok: \d+, warnings: 0, errors: 0, skipped: \d+$/);
  });

  it("--json has exactly ok, summary and checks; never the key; exit 1 on an error", async () => {
    const s = machine("darwin", { deploymentMode: "1p" });
    const run = await s.run(["doctor", "--json", "--offline"]);
    expect(run.exitCode).toBe(1);
    const doc = run.json<DoctorJson>();
    expect(Object.keys(doc).sort()).toEqual(["checks", "ok", "summary"]);
    expect(doc.ok).toBe(false);
    for (const c of doc.checks)
      expect(Object.keys(c).every((k) => ["id", "status", "title", "detail", "fix", "data"].includes(k))).toBe(true);
    expect(run.stdout).not.toContain(TEST_KEY);
  });

  it("exit 2 on an unknown --check id and on --offline with --live", async () => {
    const s = machine("linux");
    expect((await s.run(["doctor", "--check", "config.nope"])).exitCode).toBe(2);
    expect((await s.run(["doctor", "--offline", "--live"])).exitCode).toBe(2);
  });

  it("--fix needs --yes off a terminal, then leaves a backup, fixes only what it listed, and a second run is clean", async () => {
    const s = machine("linux", {
      entry: goodEntry({
        inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1/",
        inferenceGatewayAuthScheme: "auto",
        coworkEgressAllowedHosts: ["github.com"],
        chatTabEnabled: true,
      }),
      deploymentMode: "1p",
    });
    const { chmodSync } = await import("node:fs");
    chmodSync(s.paths.entry, 0o644);
    const env = { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const refused = await s.run(["doctor", "--fix"], { env });
    expect(refused.exitCode).toBe(2);
    expect(JSON.parse(s.read(s.paths.entry)).inferenceGatewayAuthScheme).toBe("auto");

    const entryBefore = JSON.parse(s.read(s.paths.entry));
    const fixed = await s.run(["doctor", "--fix", "--yes"], { env });
    expect(fixed.stdout).toContain("Fixes to apply:");
    expect(fixed.stdout).toContain('inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1/" → "https://openrouter.ai/api"');
    expect(fixed.stdout).toContain("chmod 600");
    expect(fixed.exitCode).toBe(0);

    const entryAfter = JSON.parse(s.read(s.paths.entry));
    expect(entryAfter).toEqual({
      ...entryBefore,
      inferenceGatewayBaseUrl: "https://openrouter.ai/api",
      inferenceGatewayAuthScheme: "bearer",
    });
    expect(statSync(s.paths.entry).mode & 0o777).toBe(0o600);
    expect(JSON.parse(s.read(s.paths.rootConfig1p)).deploymentMode).toBe("3p");
    const backups = join(s.paths.stateDir, "backups");
    const sets = readdirSync(backups);
    expect(sets).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(backups, sets[0]!, "manifest.json"), "utf8"));
    expect(manifest.command).toBe("doctor-fix");
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining([s.paths.entry, s.paths.rootConfig1p, s.paths.rootConfig3p]),
    );

    const again = await s.run(["doctor", "--json"], { env });
    const doc = again.json<DoctorJson>();
    expect(doc.summary.error).toBe(0);
    expect(doc.summary.warn).toBe(0);
    expect(again.exitCode).toBe(0);
    // revert knows the old deploymentMode.
    const state = JSON.parse(s.read(join(s.paths.stateDir, "state.json")));
    expect(state.deploymentMode[s.paths.rootConfig1p]).toMatchObject({ hadKey: true, value: "1p" });
  });

  it("--fix replaces a stale pinned model by its newest sibling", async () => {
    const s = machine("darwin", {
      entry: goodEntry({ inferenceModels: [{ name: "anthropic/claude-sonnet-4", anthropicFamilyTier: "sonnet", isFamilyDefault: true }] }),
    });
    const env = { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const run = await s.run(["doctor", "--fix", "--yes", "--json"], { env });
    const doc = run.json<DoctorJson>();
    expect(doc.fixes?.map((f) => f.id)).toEqual(["config.models"]);
    expect(JSON.parse(s.read(s.paths.entry)).inferenceModels).toEqual([
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
    ]);
    expect(doc.summary.error).toBe(0);
  });

  it("--fix adds the dev egress preset when no host is allowed, and nothing wider", async () => {
    const s = machine("linux", { entry: goodEntry({ coworkEgressAllowedHosts: undefined, chatTabEnabled: true }) });
    const run = await s.run(["doctor", "--fix", "--yes", "--offline", "--json"]);
    const doc = run.json<DoctorJson>();
    expect(doc.fixes?.map((f) => f.id)).toEqual(["config.egress"]);
    const entry = JSON.parse(s.read(s.paths.entry));
    expect(entry.coworkEgressAllowedHosts).toContain("github.com");
    expect(entry.coworkEgressAllowedHosts).not.toContain("*");
    expect(entry.chatTabEnabled).toBe(true);
    expect(doc.checks.find((c) => c.id === "config.egress")?.status).toBe("ok");
  });

  it("setup ends with the offline checks and shows their warnings", async () => {
    const s = createSandbox("linux");
    installApp(s);
    const run = await s.run(
      ["setup", "--yes", "--egress", "none", "--models", "anthropic/claude-sonnet-4.5", "--skip-key-check", "--no-restart"],
      { env: { OPENROUTER_API_KEY: TEST_KEY } },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("doctor config.egress");
    s.cleanup();
  });

  it("doctor --offline never loads Node's HTTP clients; a setup does", async () => {
    // The built CLI, with a preload that reports which of Node's own modules the run loaded.
    const report = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nLOADED "+JSON.stringify(process.moduleLoadList)+"\\n"))`;
    // Not spawnSync: the fake OpenRouter answers from this process.
    const loaded = async (args: string[], env: Record<string, string>) => {
      const s = machine("linux");
      const child = spawn(process.execPath, ["--import", report, BIN, ...args], { env: { ...s.env, ...env } });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      await new Promise((done) => child.on("close", done));
      s.cleanup();
      const modules = JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? "null") as string[] | null;
      expect(modules, stderr).not.toBeNull();
      return modules!.filter((name) => /^NativeModule (https?|_http_client|tls)$/.test(name));
    };
    expect(await loaded(["doctor", "--offline", "--json"], {})).toEqual([]);
    expect(
      await loaded(["setup", "--dry-run", "--yes"], { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl }),
    ).toContain("NativeModule http");
  });
});
