// revert tells the truth: without state.json it rebuilds what to restore from the backup sets or
// refuses (never "✔ Reverted" for a state it did not reach); it keeps our entry when it was edited
// after setup (--force removes it); and like every writing command it needs --yes off a terminal.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, ENTRY_ID, snapshotTree, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const keyEnv = () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
const FOREIGN = "00000000-0000-4000-8000-000000157210";

function seed(sb: Sandbox): void {
  sb.write(sb.paths.meta, { appliedId: FOREIGN, entries: [{ id: FOREIGN, name: "CC Switch" }] });
  sb.write(join(sb.paths.libDir, `${FOREIGN}.json`), { inferenceProvider: "gateway", inferenceGatewayBaseUrl: "http://127.0.0.1:18080" });
  sb.write(sb.paths.rootConfig1p, { mcpServers: {}, deploymentMode: "1p" });
  sb.write(sb.paths.rootConfig3p, { deploymentMode: "1p" });
}

async function setUp(sb: Sandbox): Promise<Record<string, string>> {
  seed(sb);
  const before = Object.fromEntries([sb.paths.meta, sb.paths.rootConfig1p, sb.paths.rootConfig3p].map((p) => [p, readFileSync(p, "utf8")]));
  const run = await runInProcess(["setup", "--yes"], { ...sb.env, ...keyEnv() });
  expect(run.exitCode, run.stderr).toBe(0);
  return before;
}

describe("revert without state.json", () => {
  it.each(["deleted", "unparsable"])("(%s) rebuilds what to restore from the backup sets", async (how) => {
    const sb = createSandbox("linux");
    try {
      const before = await setUp(sb);
      const state = join(sb.paths.stateDir, "state.json");
      if (how === "deleted") rmSync(state);
      else writeFileSync(state, '{"version": 1, "libr');
      const run = await runInProcess(["revert", "--yes", "--json"], sb.env);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.json()).toMatchObject({ changed: true, fromBackups: true });
      for (const [path, text] of Object.entries(before)) expect(JSON.parse(readFileSync(path, "utf8")), path).toEqual(JSON.parse(text));
      expect(sb.readJson<{ appliedId: string }>(sb.paths.meta).appliedId).toBe(FOREIGN);
      expect(existsSync(sb.paths.entry)).toBe(false);
    } finally {
      sb.cleanup();
    }
  });

  it("refuses (exit 1, nothing changed) when no backup set shows what setup changed", async () => {
    const sb = createSandbox("linux");
    try {
      await setUp(sb);
      rmSync(join(sb.paths.stateDir, "state.json"));
      rmSync(join(sb.paths.stateDir, "backups"), { recursive: true });
      const snapshot = snapshotTree(sb.home);
      const run = await runInProcess(["revert", "--yes"], sb.env);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).not.toContain("Reverted");
      expect(run.stderr).toContain("revert --backup <id>");
      expect(snapshotTree(sb.home)).toEqual(snapshot);
      expect(sb.readJson<{ deploymentMode: string }>(sb.paths.rootConfig1p).deploymentMode).toBe("3p");
    } finally {
      sb.cleanup();
    }
  });
});

describe("an entry edited after setup", () => {
  it("is kept, the entry applied before is applied again, and revert says so; --force removes it", async () => {
    const sb = createSandbox("linux");
    try {
      await setUp(sb);
      const entry = sb.readJson<Record<string, unknown>>(sb.paths.entry);
      sb.write(sb.paths.entry, { ...entry, inferenceGatewayBaseUrl: "https://proxy.corp.example/api", myNote: "mine" });
      const edited = readFileSync(sb.paths.entry, "utf8");
      const run = await runInProcess(["revert", "--yes", "--json"], sb.env);
      expect(run.exitCode, run.stderr).toBe(0);
      const result = run.json<{ kept: string[]; warnings: { code: string; message: string }[] }>();
      expect(result.kept).toEqual([sb.paths.entry]);
      expect(result.warnings.find((w) => w.code === "revert.entry-kept")?.message).toContain("revert --force");
      expect(readFileSync(sb.paths.entry, "utf8")).toBe(edited);
      expect(sb.readJson<{ appliedId: string }>(sb.paths.meta).appliedId).toBe(FOREIGN);
      expect(sb.readJson<{ deploymentMode: string }>(sb.paths.rootConfig1p).deploymentMode).toBe("1p");
      // Still listed in the picker, so it can be chosen again.
      expect(sb.readJson<{ entries: { id: string }[] }>(sb.paths.meta).entries.map((e) => e.id)).toContain(ENTRY_ID);

      const human = await runInProcess(["revert", "--yes"], sb.env);
      expect(human.stdout).toContain("edited after setup");
      const forced = await runInProcess(["revert", "--yes", "--force"], sb.env);
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(existsSync(sb.paths.entry)).toBe(false);
      expect(sb.readJson<{ entries: { id: string }[] }>(sb.paths.meta).entries.map((e) => e.id)).toEqual([FOREIGN]);
    } finally {
      sb.cleanup();
    }
  });

  it("is removed when only the app's own settings were written into it", async () => {
    const sb = createSandbox("linux");
    try {
      await setUp(sb);
      const entry = sb.readJson<Record<string, unknown>>(sb.paths.entry);
      sb.write(sb.paths.entry, { ...entry, chatTabEnabled: true, inferenceModelPricingHidden: false });
      const run = await runInProcess(["revert", "--yes", "--json"], sb.env);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.json<{ kept: string[] }>().kept).toEqual([]);
      expect(existsSync(sb.paths.entry)).toBe(false);
    } finally {
      sb.cleanup();
    }
  });
});

describe("the confirmation rule", () => {
  it("revert without a terminal and without --yes refuses with exit 2 and writes nothing", async () => {
    const sb = createSandbox("linux");
    try {
      await setUp(sb);
      const snapshot = snapshotTree(sb.home);
      const run = await runInProcess(["revert"], sb.env);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain("--yes");
      expect(snapshotTree(sb.home)).toEqual(snapshot);
      // --dry-run needs no confirmation.
      expect((await runInProcess(["revert", "--dry-run"], sb.env)).exitCode).toBe(0);
    } finally {
      sb.cleanup();
    }
  });
});
