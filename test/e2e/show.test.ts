import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenRouter, type FakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, ENTRY_ID, TEST_KEY, type Sandbox, useSandboxes } from "../helpers/sandbox.js";
import { displayWidth } from "../../src/render/style.js";
import type { FileSystem } from "../../src/core/context.js";

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

describe("show, as a person reads it", () => {
  const sandbox = useSandboxes();
  const env = (box: Sandbox) => ({ ...box.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  /** The column (in cells) where the value of a "label  value" line starts. */
  const valueColumn = (line: string) => displayWidth(/^(\s*\S.*?\s{2,})\S/.exec(line)?.[1] ?? "");

  it("a fresh machine ends with the next step, in both languages", async () => {
    const box = sandbox("linux");
    const en = await runInProcess(["show"], box.env);
    expect(en.stdout.trimEnd().split("\n").at(-1)).toBe("Nothing set up yet: run npx claude-desktop-openrouter");
    const zh = await runInProcess(["show", "--lang", "zh-CN"], box.env);
    expect(zh.stdout.trimEnd().split("\n").at(-1)).toBe("尚未配置：请运行 npx claude-desktop-openrouter");
  });

  it("models as a table, hosts as a list wrapped to 80 columns, every label's value in one column", async () => {
    const box = sandbox("linux");
    expect((await runInProcess(["setup", "--yes", "--no-restart"], env(box))).exitCode).toBe(0);
    // Not a terminal: the width is COLUMNS', as for every other command.
    const run = await runInProcess(["show"], { ...box.env, COLUMNS: "80" });
    const lines = run.stdout.split("\n");
    expect(lines.find((l) => l.includes("anthropic/claude-sonnet-4.5"))).toMatch(
      /^ {6}anthropic\/claude-sonnet-4\.5 +Claude Sonnet 4\.5 +sonnet +yes$/,
    );
    expect(lines.find((l) => l.includes("anthropic/claude-haiku-4.5"))).toMatch(
      /^ {6}anthropic\/claude-haiku-4\.5 +Claude Haiku 4\.5 +haiku$/,
    );
    expect(run.stdout).toMatch(/inferenceModels +3 models\n +ID +Label +Tier +Default\n/);
    expect(run.stdout).not.toContain('[{"name"');
    expect(run.stdout).not.toContain('["github.com"');
    // The hosts: a comma list, its lines within 80 cells, each continuation under the first.
    const first = lines.findIndex((l) => l.trimStart().startsWith("coworkEgressAllowedHosts"));
    const hostLines = [lines[first]!];
    for (let i = first + 1; /^\s{20,}\S/.test(lines[i] ?? ""); i++) hostLines.push(lines[i]!);
    expect(hostLines.length).toBeGreaterThan(1);
    for (const line of hostLines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    const column = valueColumn(hostLines[0]!);
    for (const line of hostLines.slice(1)) expect(line.length - line.trimStart().length).toBe(column);
    expect(hostLines.join(" ")).toContain("github.com, *.github.com,");
    // Platform, app, config directory, its library, entries and applied entry, and the entry's features share one value column.
    const labelled = ["Platform", "Claude Desktop", "Config directory", "  Library", "  Entries", "  Applied entry", "Cost estimates"].map(
      (label) => lines.find((l) => l.startsWith(`${label} `))!,
    );
    expect(new Set(labelled.map(valueColumn)).size).toBe(1);
    expect(run.stdout).not.toContain("Nothing set up yet");
  });

  it("Chinese labels are aligned by display width, and a wider terminal gets longer lines", async () => {
    const box = sandbox("linux");
    expect((await runInProcess(["setup", "--yes", "--no-restart"], env(box))).exitCode).toBe(0);
    const zh = await runInProcess(["show", "--lang", "zh-CN"], box.env);
    const labelled = ["平台", "Claude Desktop", "配置目录", "  配置库", "  条目"].map(
      (label) => zh.stdout.split("\n").find((l) => l.startsWith(`${label} `))!,
    );
    expect(new Set(labelled.map(valueColumn)).size).toBe(1);
    const wide = await runInProcess(["show"], box.env, {
      // The output stream's isTTY and columns are read-only views of the terminal's: shadow them.
      tweak: (ctx) => Object.defineProperties(ctx.streams.stdout, { isTTY: { value: true }, columns: { value: 200 } }),
    });
    const hostsLine = wide.stdout.split("\n").find((l) => l.trimStart().startsWith("coworkEgressAllowedHosts"))!;
    expect(displayWidth(hostsLine)).toBeGreaterThan(80);
  });

  it("a backup set counts its files in words, singular and plural", async () => {
    const box = sandbox("linux");
    expect((await runInProcess(["setup", "--yes", "--no-restart"], env(box))).exitCode).toBe(0);
    const run = await runInProcess(["show"], box.env);
    expect(run.stdout).toMatch(/-setup-\w+ +setup, \d+ files\n/);
    expect(run.stdout).not.toContain("file(s)");
  });
});

describe("show and status read the tool's state once", () => {
  const sandbox = useSandboxes();

  /** A file system that counts every read of state.json (opened, or read whole). */
  function countingReads(path: string) {
    const reads: string[] = [];
    const fs = (real: FileSystem): FileSystem => ({
      ...real,
      open: (file, ...rest) => {
        if (String(file) === path) reads.push("open");
        return real.open(file, ...rest);
      },
      readFile: ((file: Parameters<FileSystem["readFile"]>[0], ...rest: unknown[]) => {
        if (String(file) === path) reads.push("readFile");
        return (real.readFile as (...args: unknown[]) => unknown)(file, ...rest);
      }) as FileSystem["readFile"],
    });
    return { reads, fs };
  }

  it("once per run, though the targets, the entry's features and its sign-in key all come from it", async () => {
    const box = sandbox("linux");
    const env = { ...box.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    expect((await runInProcess(["setup", "--yes", "--no-restart"], env)).exitCode).toBe(0);
    const state = join(box.paths.stateDir, "state.json");
    for (const args of [
      ["show", "--json"],
      ["status", "--json"],
    ]) {
      const counted = countingReads(state);
      const run = await runInProcess(args, { ...box.env, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl }, { fs: counted.fs });
      expect(run.exitCode, args.join(" ")).toBe(0);
      // What the state holds still shows: the day the entry's prices were read.
      const features = run.json<{ features: { pricing: { readAt: string | null } } }>().features;
      expect(features.pricing.readAt, args.join(" ")).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(counted.reads, args.join(" ")).toEqual(["open"]);
    }
  });
});
