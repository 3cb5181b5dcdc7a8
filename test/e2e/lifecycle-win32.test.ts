// Windows quit → write → relaunch through the seams: a recording powershell.exe answers
// Get-AppxPackage and Win32_Process queries from fixtures; explorer.exe records the AUMID launch.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeTools, lifecycleFixture, type FakeTools } from "../helpers/fake-tools.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const SETUP = ["setup", "--yes", "--json", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"];
const PS_PREFIX = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command"];

let sb: Sandbox;
let tools: FakeTools;
let install: string;

function installFakes(options: { ignoreClose?: boolean } = {}): void {
  const files = {
    appx: lifecycleFixture("win32-appx.json", { INSTALL: install }),
    running: lifecycleFixture("win32-processes-running.json", { INSTALL: install }),
    idle: lifecycleFixture("win32-processes-idle.json", { INSTALL: install }),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sb.dir, `${name}.json`), text);
  const entry = sb.paths.entry;
  const order = (what: string) =>
    `if [ -f '${entry}' ]; then echo "${what} entry=yes" >> "$STATE/order"; else echo "${what} entry=no" >> "$STATE/order"; fi`;
  const logDir = join(sb.home, "AppData", "Local", "Claude-3p", "logs");
  tools.install(
    join(sb.root, "Windows", "System32", "WindowsPowerShell", "v1.0", "powershell.exe"),
    "powershell",
    `case "$6" in
  *Get-AppxPackage*) cat '${sb.dir}/appx.json' ;;
  *Win32_Process*) if [ -f "$STATE/running" ]; then cat '${sb.dir}/running.json'; else cat '${sb.dir}/idle.json'; fi ;;
  *CloseMainWindow*) ${order("close")}; ${options.ignoreClose ? ":" : 'rm -f "$STATE/running"'} ;;
  *Stop-Process*) ${order("stop")}; rm -f "$STATE/running" ;;
esac`,
  );
  tools.install(
    join(sb.root, "Windows", "explorer.exe"),
    "explorer",
    `${order("explorer")}\ntouch "$STATE/running"\nmkdir -p '${logDir}'\necho "[info] [custom-3p] 3P mode active { provider: 'gateway' }" >> '${logDir}/main.log'`,
  );
}

const order = () => (existsSync(join(tools.state, "order")) ? sb.read(join(tools.state, "order")).trim().split("\n") : []);
const psCalls = (needle: string) => tools.calls().filter((c) => c.tool === "powershell" && (c.args[5] ?? "").includes(needle));

beforeEach(() => {
  sb = createSandbox("win32", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "3", OPENROUTER_API_KEY: TEST_KEY });
  tools = createFakeTools(join(sb.dir, "fakes"));
  install = join(sb.root, "Program Files", "WindowsApps", "Claude_1.3883.0.0_x64__pzs8sxrjxfjjc");
  mkdirSync(join(install, "app"), { recursive: true });
  installFakes();
});
afterEach(() => sb.cleanup());

describe("Windows lifecycle (simulated)", () => {
  it("finds the MSIX package, AUMID and version through Get-AppxPackage", async () => {
    const run = await sb.run([...SETUP, "--dry-run"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<{ app: unknown }>().app).toEqual({ path: install, version: "1.3883.0.0", kind: "windows-msix" });
    const appx = psCalls("Get-AppxPackage");
    expect(appx).toHaveLength(1);
    expect(appx[0]!.args.slice(0, 5)).toEqual(PS_PREFIX);
    expect(appx[0]!.args).toHaveLength(6);
    expect(psCalls("Win32_Process")).toHaveLength(0);
  });

  it("restart: closes the main window of the main PID only, waits, starts shell:AppsFolder\\<AUMID>", async () => {
    tools.setRunning(true);
    const run = await sb.run(["restart", "--json", "--timeout", "5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      wasRunning: true,
      pids: [7340],
      quit: true,
      forced: false,
      launched: true,
      confirm: { status: "active", provider: "gateway" },
    });
    const scan = psCalls("Win32_Process")[0]!;
    expect(scan.args).toEqual([
      ...PS_PREFIX,
      "Get-CimInstance -ClassName Win32_Process -Filter \"Name='claude.exe'\" | Select-Object ProcessId,ParentProcessId,ExecutablePath,CommandLine | ConvertTo-Json -Compress",
    ]);
    expect(psCalls("CloseMainWindow").map((c) => c.args[5])).toEqual([
      "$ErrorActionPreference='SilentlyContinue'; foreach ($p in Get-Process -Id 7340) { [void]$p.CloseMainWindow() }",
    ]);
    expect(
      tools
        .calls()
        .filter((c) => c.tool === "explorer")
        .map((c) => c.args),
    ).toEqual([["shell:AppsFolder\\Claude_pzs8sxrjxfjjc!Claude"]]);
    expect(psCalls("Stop-Process")).toHaveLength(0);
  });

  it("setup with the app running: quit → wait → write → launch, no secret in any argv or env", async () => {
    tools.setRunning(true);
    const run = await sb.run(SETUP);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(order()).toEqual(["close entry=no", "explorer entry=yes"]);
    for (const call of tools.calls()) {
      expect(call.args.join(" ")).not.toContain(TEST_KEY);
      expect(Object.values(call.env).join(" ")).not.toContain(TEST_KEY);
    }
  });

  it("an app that only hides to the tray: exit 6 without --force; with --force only its own PIDs are stopped", async () => {
    installFakes({ ignoreClose: true });
    tools.setRunning(true);
    const refused = await sb.run(["quit", "--timeout", "0.5", "--json"]);
    expect(refused.exitCode).toBe(6);
    expect(psCalls("Stop-Process")).toHaveLength(0);
    const forced = await sb.run(["quit", "--timeout", "0.5", "--force", "--json"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    // Main, GPU and renderer of the app; never Claude Code's worker (8120) or CLI (9004).
    expect(psCalls("Stop-Process").map((c) => c.args[5])).toEqual([
      "$ErrorActionPreference='SilentlyContinue'; Stop-Process -Id 7340,7368,7412 -Force",
    ]);
    expect(forced.json()).toMatchObject({ forced: true, quit: true });
  });

  it("--config-dir reaches the started app like CLAUDE_USER_DATA_DIR (per-user install, Update.exe)", async () => {
    // No MSIX package: the per-user (Squirrel) install is the one started.
    writeFileSync(join(sb.dir, "appx.json"), "");
    writeFileSync(join(sb.dir, "idle.json"), "");
    const squirrel = join(sb.home, "AppData", "Local", "AnthropicClaude");
    mkdirSync(squirrel, { recursive: true });
    writeFileSync(join(squirrel, "claude.exe"), "");
    tools.install(join(squirrel, "Update.exe"), "update", ":");
    const dir = join(sb.dir, "custom data");
    const run = await sb.run([...SETUP, "--restart", "--config-dir", dir], { env: { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "1" } });
    expect(run.exitCode, run.stderr).toBe(0);
    const starts = tools.calls().filter((c) => c.tool === "update");
    expect(starts.map((c) => c.args)).toEqual([["--processStart", "claude.exe"]]);
    expect(starts[0]!.env.CLAUDE_USER_DATA_DIR).toBe(dir);
  });

  it("no powershell.exe: discovery falls back to the directory scan and the process check is a warning", async () => {
    sb.cleanup();
    sb = createSandbox("win32");
    const dir = join(sb.root, "Program Files", "WindowsApps", "Claude_1.2.0.0_x64__pzs8sxrjxfjjc");
    mkdirSync(join(dir, "app"), { recursive: true });
    writeFileSync(join(dir, "app", "Claude.exe"), "");
    const run = await sb.run(["quit", "--json"]);
    expect(run.exitCode).toBe(0);
    const r = run.json<{ app: { version: string }; wasRunning: null; warnings: { code: string }[] }>();
    expect(r.app.version).toBe("1.2.0.0");
    expect(r.wasRunning).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["app.running-unknown"]);
  });
});
