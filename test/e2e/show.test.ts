import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenRouter, type FakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, ENTRY_ID, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

let fake: FakeOpenRouter;
let sb: Sandbox;
beforeAll(async () => {
  fake = await startFakeOpenRouter();
  sb = createSandbox("win32");
  sb.write(
    join(sb.home, "AppData", "Local", "Packages", "Claude_pzs8sxrjxfjjc", "LocalCache", "Local", "Claude-3p", "logs", "main.log"),
    "",
  );
  sb.write(join(sb.root, "Program Files", "WindowsApps", "Claude_2.31226.1.0_x64__pzs8sxrjxfjjc", "app", "Claude.exe"), "");
});
afterAll(async () => {
  sb.cleanup();
  await fake.close();
});

describe("show", () => {
  it("before setup: the directories considered, nothing applied", async () => {
    const run = await sb.run(["show", "--json"]);
    expect(run.exitCode).toBe(0);
    const r = run.json<{
      platform: string;
      apps: { kind: string; version: string; family: string }[];
      configDirs: { kind: string; exists: boolean; appliedId: string | null }[];
    }>();
    expect(r.platform).toBe("win32");
    expect(r.apps).toEqual([expect.objectContaining({ kind: "windows-msix", version: "2.31226.1.0", family: "Claude_pzs8sxrjxfjjc" })]);
    expect(r.configDirs.map((d) => [d.kind, d.exists, d.appliedId])).toEqual([
      ["primary", false, null],
      ["packaged", true, null],
    ]);
  });

  it("after setup: the applied entry with the key masked, deploymentMode, backups", async () => {
    const setup = await sb.run(["setup", "--yes"], {
      env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
    });
    expect(setup.exitCode).toBe(0);
    const run = await sb.run(["show", "--json"]);
    const r = run.json<{
      configDirs: { applied: { id: string; ours: boolean; settings: Record<string, unknown> } }[];
      rootConfigs: { deploymentMode: string }[];
      backups: unknown[];
    }>();
    for (const dir of r.configDirs) {
      expect(dir.applied.id).toBe(ENTRY_ID);
      expect(dir.applied.ours).toBe(true);
      expect(dir.applied.settings.inferenceGatewayApiKey).toBe("sk-or-v1-012...cdef");
    }
    expect(r.rootConfigs.map((c) => c.deploymentMode)).toEqual(["3p", "3p", "3p"]);
    expect(r.backups).toHaveLength(1);
    const human = await sb.run(["show"]);
    expect(human.stdout).toContain("inferenceGatewayApiKey");
    expect(human.stdout).toContain("sk-or-v1-012...cdef");
    expect(human.stdout).toContain("packaged-app copy");
    const zh = await sb.run(["show", "--lang", "zh-CN"]);
    expect(zh.stdout).toContain("打包版应用的副本");
  });
});
