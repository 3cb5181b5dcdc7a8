// The core path on each simulated platform, through the built CLI as a subprocess:
// setup writes exactly the expected files, a second run changes nothing, revert restores all.
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, ENTRY_ID, snapshotTree, TEST_KEY, type Sandbox, type SimPlatform } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();

const expectedModels = [
  {
    name: "anthropic/claude-sonnet-4.5",
    labelOverride: "Claude Sonnet 4.5",
    supports1m: true,
    anthropicFamilyTier: "sonnet",
    isFamilyDefault: true,
  },
  { name: "anthropic/claude-opus-4.1", labelOverride: "Claude Opus 4.1", anthropicFamilyTier: "opus" },
  { name: "anthropic/claude-haiku-4.5", labelOverride: "Claude Haiku 4.5", anthropicFamilyTier: "haiku" },
];

function keyEnv(): Record<string, string> {
  return { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

const PACKAGE = "Claude_pzs8sxrjxfjjc";

function packagedPaths(sb: Sandbox) {
  const cache = join(sb.home, "AppData", "Local", "Packages", PACKAGE, "LocalCache");
  return {
    dataDir: join(cache, "Local", "Claude-3p"),
    entry: join(cache, "Local", "Claude-3p", "configLibrary", `${ENTRY_ID}.json`),
    meta: join(cache, "Local", "Claude-3p", "configLibrary", "_meta.json"),
    rootConfig1p: join(cache, "Roaming", "Claude", "claude_desktop_config.json"),
  };
}

describe.each<SimPlatform>(["darwin", "win32", "linux"])("setup --yes and revert on %s", (platform) => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = createSandbox(platform);
    if (platform === "win32") {
      // An existing packaged-app container copy: it must be written too.
      const pkg = packagedPaths(sb);
      sb.write(join(pkg.dataDir, "logs", "main.log"), "");
      sb.write(pkg.rootConfig1p, { mcpServers: { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem"] } } });
    }
  });
  afterAll(() => sb.cleanup());

  it("writes the entry, _meta.json and deploymentMode in both root configs, owner-only", async () => {
    const before = snapshotTree(sb.home);
    expect(Object.keys(before).some((p) => p.includes("configLibrary"))).toBe(false);
    const run = await sb.run(["setup", "--yes"], { env: keyEnv() });
    expect(run.stderr).not.toContain("✖");
    expect(run.exitCode).toBe(0);
    expect(sb.readJson(sb.paths.entry)).toEqual({
      inferenceProvider: "gateway",
      inferenceCredentialKind: "static",
      inferenceGatewayBaseUrl: "https://openrouter.ai/api",
      inferenceGatewayApiKey: TEST_KEY,
      inferenceGatewayAuthScheme: "bearer",
      deploymentDisplayName: "OpenRouter",
      coworkEgressAllowedHosts: expect.arrayContaining(["github.com", "*.github.com", "registry.npmjs.org", "pypi.org"]),
      inferenceModels: expectedModels,
      modelDiscoveryEnabled: false,
      inferenceModelPricingEnabled: true,
      inferenceModelPricing: expect.any(Array),
      inferenceCustomHeaders: {
        "HTTP-Referer": "https://www.npmjs.com/package/claude-desktop-openrouter",
        "X-OpenRouter-Title": "Claude Desktop",
      },
    });
    expect(sb.readJson(sb.paths.meta)).toEqual({ appliedId: ENTRY_ID, entries: [{ id: ENTRY_ID, name: "OpenRouter" }] });
    expect(sb.readJson(sb.paths.rootConfig1p)).toEqual({ deploymentMode: "3p" });
    expect(sb.readJson(sb.paths.rootConfig3p)).toEqual({ deploymentMode: "3p" });
    expect(mode(sb.paths.entry)).toBe(0o600);
    expect(mode(sb.paths.meta)).toBe(0o600);
    expect(mode(sb.paths.libDir)).toBe(0o700);
    expect(mode(sb.paths.dataDir)).toBe(0o700);
    expect(run.stdout).toContain("sk-or-v1-012...cdef");
    if (platform === "win32") {
      const pkg = packagedPaths(sb);
      expect(sb.readJson(pkg.entry)).toEqual(sb.readJson(sb.paths.entry));
      expect(sb.readJson(pkg.meta)).toEqual(sb.readJson(sb.paths.meta));
      expect(sb.readJson(pkg.rootConfig1p)).toMatchObject({ deploymentMode: "3p", mcpServers: { files: { command: "npx" } } });
    }
    // The key went only in the Authorization header, and only to /key.
    const keyRequests = fake.requests.filter((r) => String(r.headers.authorization ?? "").includes(TEST_KEY));
    expect(keyRequests.map((r) => r.path)).toEqual(expect.arrayContaining(["/api/v1/key"]));
    expect(fake.requests.find((r) => r.path === "/api/v1/models")?.headers.authorization).toBeUndefined();
  });

  it("changes nothing the second time", async () => {
    const before = snapshotTree(sb.home);
    const run = await sb.run(["setup", "--yes", "--json"], { env: keyEnv() });
    expect(run.exitCode).toBe(0);
    const result = run.json<{ ok: boolean; changed: boolean; backup: unknown; files: unknown[] }>();
    expect(result).toMatchObject({ ok: true, changed: false, backup: null, files: [] });
    expect(snapshotTree(sb.home)).toEqual(before);
    expect(JSON.stringify(result)).not.toContain(TEST_KEY);
  });

  it("revert brings every file back to its prior content", async () => {
    const run = await sb.run(["revert", "--yes"], { env: { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl } });
    expect(run.exitCode).toBe(0);
    const after = snapshotTree(sb.home, (rel) => rel.includes("claude-desktop-openrouter"));
    const appFiles = Object.keys(after);
    if (platform === "win32") {
      const pkg = packagedPaths(sb);
      expect(sb.readJson(pkg.rootConfig1p)).toEqual({
        mcpServers: { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem"] } },
      });
      expect(appFiles.sort()).toEqual([
        "AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Local/Claude-3p/logs/main.log",
        "AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json",
      ]);
    } else {
      expect(appFiles).toEqual([]);
    }
    const again = await sb.run(["revert", "--yes"]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("Nothing to revert");
  });
});

describe("a library other tools and the app already use", () => {
  const CC = "00000000-0000-4000-8000-000000157210";
  const DEFAULT = "d1444bab-0000-4000-8000-000000000002";
  let sb: Sandbox;
  const files: Record<string, string> = {};
  beforeAll(() => {
    sb = createSandbox("darwin");
    const lib = sb.paths.libDir;
    const meta = {
      appliedId: CC,
      entries: [
        { id: DEFAULT, name: "Default" },
        { id: CC, name: "CC Switch" },
      ],
      pickerState: { sort: "name" },
    };
    const content = {
      [sb.paths.meta]: meta,
      [join(lib, `${CC}.json`)]: {
        inferenceProvider: "gateway",
        inferenceGatewayBaseUrl: "http://127.0.0.1:18080",
        inferenceGatewayApiKey: "cc-switch-placeholder",
        chatTabEnabled: true,
        名前: "ユニコード ✓",
      },
      [join(lib, `${DEFAULT}.json`)]: {},
      [sb.paths.rootConfig1p]: {
        mcpServers: { git: { command: "uvx", args: ["mcp-server-git"] } },
        globalShortcut: "Cmd+Space",
        deploymentMode: "1p",
      },
      [sb.paths.rootConfig3p]: { deploymentMode: "1p", awaitingSignIn: true },
    };
    for (const [path, value] of Object.entries(content)) {
      sb.write(path, value);
      files[path] = sb.read(path);
    }
  });
  afterAll(() => sb.cleanup());

  it("setup keeps every foreign entry, row and key", async () => {
    const run = await sb.run(
      [
        "setup",
        "--yes",
        "--models",
        "anthropic/claude-opus-4.1,anthropic/claude-haiku-4.5",
        "--egress",
        "dev",
        "--egress",
        "corp.example.com",
      ],
      { env: keyEnv() },
    );
    expect(run.exitCode).toBe(0);
    expect(sb.read(join(sb.paths.libDir, `${CC}.json`))).toBe(files[join(sb.paths.libDir, `${CC}.json`)]);
    expect(sb.read(join(sb.paths.libDir, `${DEFAULT}.json`))).toBe(files[join(sb.paths.libDir, `${DEFAULT}.json`)]);
    expect(sb.readJson(sb.paths.meta)).toEqual({
      appliedId: ENTRY_ID,
      entries: [
        { id: DEFAULT, name: "Default" },
        { id: CC, name: "CC Switch" },
        { id: ENTRY_ID, name: "OpenRouter" },
      ],
      pickerState: { sort: "name" },
    });
    expect(sb.readJson(sb.paths.rootConfig1p)).toEqual({
      mcpServers: { git: { command: "uvx", args: ["mcp-server-git"] } },
      globalShortcut: "Cmd+Space",
      deploymentMode: "3p",
    });
    expect(sb.readJson(sb.paths.rootConfig3p)).toEqual({ deploymentMode: "3p", awaitingSignIn: true });
    const entry = sb.readJson<Record<string, unknown>>(sb.paths.entry);
    expect(entry.inferenceModels).toEqual([
      { name: "anthropic/claude-opus-4.1", labelOverride: "Claude Opus 4.1", anthropicFamilyTier: "opus", isFamilyDefault: true },
      { name: "anthropic/claude-haiku-4.5", labelOverride: "Claude Haiku 4.5", anthropicFamilyTier: "haiku" },
    ]);
    expect(entry.coworkEgressAllowedHosts).toContain("corp.example.com");
  });

  it("setup again keeps what the app wrote into the applied entry", async () => {
    const entry = sb.readJson<Record<string, unknown>>(sb.paths.entry);
    sb.write(
      sb.paths.entry,
      {
        chatTabEnabled: true,
        ...entry,
        modelPrefer1mContext: true,
        coworkEgressAllowedHosts: [...(entry.coworkEgressAllowedHosts as string[]), "added.by.app"],
      },
      0o600,
    );
    const run = await sb.run(["setup", "--yes", "--models", "anthropic/claude-sonnet-4.5", "--name", "OpenRouter (work)"], {
      env: keyEnv(),
    });
    expect(run.exitCode).toBe(0);
    const after = sb.readJson<Record<string, unknown>>(sb.paths.entry);
    expect(Object.keys(after)[0]).toBe("chatTabEnabled");
    expect(after).toMatchObject({
      chatTabEnabled: true,
      modelPrefer1mContext: true,
      inferenceModels: [
        {
          name: "anthropic/claude-sonnet-4.5",
          labelOverride: "Claude Sonnet 4.5",
          supports1m: true,
          anthropicFamilyTier: "sonnet",
          isFamilyDefault: true,
        },
      ],
    });
    expect(after.coworkEgressAllowedHosts).toEqual(expect.arrayContaining(["added.by.app", "corp.example.com", "github.com"]));
    expect(sb.readJson<{ entries: { name: string }[] }>(sb.paths.meta).entries[2]?.name).toBe("OpenRouter (work)");
  });

  it("revert re-applies the other tool's entry and restores deploymentMode, foreign bytes intact", async () => {
    const run = await sb.run(["revert", "--yes", "--json"]);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, changed: true, mode: "undo" });
    for (const [path, content] of Object.entries(files)) {
      expect(JSON.parse(sb.read(path)), path).toEqual(JSON.parse(content));
    }
    expect(sb.read(join(sb.paths.libDir, `${CC}.json`))).toBe(files[join(sb.paths.libDir, `${CC}.json`)]);
    expect(() => statSync(sb.paths.entry)).toThrow();
  });

  it("lists backup sets and restores a whole one", async () => {
    const list = await sb.run(["revert", "--list", "--json"]);
    const backups = list.json<{ backups: { id: string; command: string }[] }>().backups;
    expect(backups.map((b) => b.command)).toEqual(["revert", "setup", "setup"]);
    // The newest setup's backup holds the state before the second setup.
    const restore = await sb.run(["revert", "--yes", "--backup", backups[0]!.id]);
    expect(restore.exitCode).toBe(0);
    expect(sb.readJson<{ appliedId: string }>(sb.paths.meta).appliedId).toBe(ENTRY_ID);
    const missing = await sb.run(["revert", "--yes", "--backup", "nope", "--json"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: "backup.not-found" } });
  });
});

describe("a config kept as a symbolic link (a dotfiles repository)", () => {
  it("stays a link: setup and revert write the file it points to", async () => {
    const sb = createSandbox("linux");
    try {
      const dotfiles = join(sb.dir, "dotfiles");
      mkdirSync(dotfiles);
      const real = join(dotfiles, "claude_desktop_config.json");
      const original = '{\n  "mcpServers": { "files": { "command": "npx" } }\n}\n';
      writeFileSync(real, original, { mode: 0o644 });
      mkdirSync(dirname(sb.paths.rootConfig1p), { recursive: true });
      symlinkSync(real, sb.paths.rootConfig1p);

      const run = await sb.run(["setup", "--yes", "--no-restart"], { env: keyEnv() });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(lstatSync(sb.paths.rootConfig1p).isSymbolicLink()).toBe(true);
      expect(readlinkSync(sb.paths.rootConfig1p)).toBe(real);
      expect(JSON.parse(readFileSync(real, "utf8"))).toEqual({ mcpServers: { files: { command: "npx" } }, deploymentMode: "3p" });
      // The temporary file was made beside the real file and is gone.
      expect(readdirSync(dotfiles)).toEqual(["claude_desktop_config.json"]);

      const back = await sb.run(["revert", "--yes", "--no-restart"]);
      expect(back.exitCode, back.stderr).toBe(0);
      expect(lstatSync(sb.paths.rootConfig1p).isSymbolicLink()).toBe(true);
      expect(JSON.parse(readFileSync(real, "utf8"))).toEqual(JSON.parse(original));
      expect(statSync(real).mode & 0o777).toBe(0o644);
    } finally {
      sb.cleanup();
    }
  });
});

describe("a user's hand-formatted claude_desktop_config.json", () => {
  it("survives setup → revert byte for byte: tabs, their key order, a final blank line", async () => {
    const sb = createSandbox("linux");
    try {
      const theirs =
        '{\n\t"preferences": {\n\t\t"menuBarEnabled": false\n\t},\n\t"mcpServers": {\n\t\t"files": {\n\t\t\t"command": "npx",\n\t\t\t"args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me"]\n\t\t}\n\t},\n\t"globalShortcut": "Alt+Space"\n}\n\n';
      sb.write(sb.paths.rootConfig1p, theirs);
      const setup = await sb.run(["setup", "--yes", "--no-restart"], { env: keyEnv() });
      expect(setup.exitCode, setup.stderr).toBe(0);
      const during = sb.read(sb.paths.rootConfig1p);
      expect(JSON.parse(during)).toMatchObject({ deploymentMode: "3p", globalShortcut: "Alt+Space" });
      // Only the member setup added differs: their tabs and order are untouched.
      expect(during.startsWith('{\n\t"preferences": {\n\t\t"menuBarEnabled": false\n\t},\n\t"mcpServers"')).toBe(true);
      const revert = await sb.run(["revert", "--yes", "--no-restart"]);
      expect(revert.exitCode, revert.stderr).toBe(0);
      expect(readFileSync(sb.paths.rootConfig1p)).toEqual(Buffer.from(theirs, "utf8"));
    } finally {
      sb.cleanup();
    }
  });
});

describe("revert --backup --json", () => {
  it("gives each restored file its real kind, from its path", async () => {
    const sb = createSandbox("linux");
    try {
      sb.write(sb.paths.rootConfig1p, { mcpServers: {} });
      const setup = await sb.run(["setup", "--yes", "--no-restart", "--json"], { env: keyEnv() });
      expect(setup.exitCode, setup.stderr).toBe(0);
      const id = setup.json<{ backup: { id: string } }>().backup.id;
      const revert = await sb.run(["revert", "--backup", id, "--yes", "--no-restart", "--json"]);
      expect(revert.exitCode, revert.stderr).toBe(0);
      const kinds = Object.fromEntries(revert.json<{ files: { path: string; kind: string }[] }>().files.map((f) => [f.path, f.kind]));
      expect(kinds).toMatchObject({
        [sb.paths.entry]: "entry",
        [sb.paths.meta]: "meta",
        [sb.paths.rootConfig1p]: "root-config",
        [sb.paths.rootConfig3p]: "root-config",
        [join(sb.paths.stateDir, "state.json")]: "state",
      });
    } finally {
      sb.cleanup();
    }
  });
});
