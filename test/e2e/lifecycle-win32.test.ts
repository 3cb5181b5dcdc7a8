// Windows quit → write → relaunch on a simulated PC (test/helpers/fake-os.ts): powershell.exe is
// real pwsh running the tool's scripts, with only Get-AppxPackage, Win32_Process, Get-Process and
// Stop-Process stood in (test/helpers/fake-windows.psm1) over one process table, and explorer.exe
// starts the app by its AUMID. The tests assert which process
// got which request, what runs afterwards, and what was started with which environment.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMachine, fakeWindows, restartNeededScenario } from "../helpers/fake-os.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const SETUP = ["setup", "--yes", "--json", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"];
const AUMID = "Claude_pzs8sxrjxfjjc!Claude";

let sb: Sandbox;
let pc: FakeMachine & { install: string };

beforeEach(() => {
  sb = createSandbox("win32", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "3", OPENROUTER_API_KEY: TEST_KEY });
  pc = fakeWindows(sb);
});
afterEach(() => sb.cleanup());

const requests = () => pc.events().map((e) => [e.request, e.pid]);
const appProcesses = () => pc.processes().filter((p) => p.app === "claude");

// Every powershell.exe call starts a real pwsh (about a second each): minutes, not seconds, per test.
describe("Windows lifecycle (simulated PC, real PowerShell)", { timeout: 180_000 }, () => {
  it("finds the MSIX package, AUMID and version through Get-AppxPackage; a dry run touches no process", async () => {
    pc.startApp();
    const before = pc.processes();
    const run = await sb.run([...SETUP, "--dry-run"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<{ app: unknown }>().app).toEqual({ path: pc.install, version: "1.3883.0.0", kind: "windows-msix" });
    expect(pc.events()).toEqual([]);
    expect(pc.launches()).toEqual([]);
    expect(pc.processes()).toEqual(before);
  });

  it("restart: closes the main window of the main process only, waits, starts shell:AppsFolder\\<AUMID>", async () => {
    const main = pc.startApp();
    const others = pc.processes().filter((p) => p.app !== "claude");
    const run = await sb.run(["restart", "--json", "--timeout", "5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      wasRunning: true,
      pids: [main],
      quit: true,
      forced: false,
      launched: true,
      confirm: { status: "active", provider: "gateway" },
    });
    expect(requests()).toEqual([["close-window", main]]);
    expect(pc.launches()).toEqual([expect.objectContaining({ via: `explorer.exe shell:AppsFolder\\${AUMID}`, activated: false })]);
    expect(pc.appPids()).toEqual(pc.launches()[0]!.pids);
    // Claude Code (the CLI, a worker, the copy inside the package) and the rest: as they were.
    expect(pc.processes().filter((p) => p.app !== "claude")).toEqual(others);
  });

  it("setup with the app running: quit → wait → write → launch, no secret in any argv or env", async () => {
    const main = pc.startApp();
    const run = await sb.run(SETUP);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(pc.events()).toEqual([expect.objectContaining({ request: "close-window", pid: main, watchedExisted: false })]);
    expect(pc.launches()).toEqual([expect.objectContaining({ watchedExisted: true })]);
    for (const call of pc.tools.calls()) {
      expect(call.args.join(" ")).not.toContain(TEST_KEY);
      expect(Object.values(call.env).join(" ")).not.toContain(TEST_KEY);
    }
    const started = pc.launches()[0]!.env;
    expect(Object.keys(started)).not.toContain("OPENROUTER_API_KEY");
    expect(Object.values(started).join(" ")).not.toContain(TEST_KEY);
  });

  it("an app that only hides to the tray: exit 6 without --force; with --force only its own processes are stopped", async () => {
    pc.setBehaviour({ close: "hide" });
    const main = pc.startApp();
    const own = appProcesses().map((p) => p.pid);
    const refused = await sb.run(["quit", "--timeout", "0.5", "--json"]);
    expect(refused.exitCode).toBe(6);
    expect(requests()).toEqual([["close-window", main]]);
    const forced = await sb.run(["quit", "--timeout", "0.5", "--force", "--json"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    // Main, GPU and renderer of the app; never Claude Code's worker, its CLI or its bundled copy.
    expect(
      pc
        .events()
        .filter((e) => e.request === "stop-process")
        .map((e) => e.pid)
        .sort(),
    ).toEqual([...own].sort());
    expect(appProcesses()).toEqual([]);
    expect(pc.processes().filter((p) => /claude-code|\.local/.test(p.exe))).toHaveLength(3);
    expect(forced.json()).toMatchObject({ forced: true, quit: true });
  });

  it("--config-dir reaches the started app like CLAUDE_USER_DATA_DIR (per-user install, Update.exe)", async () => {
    sb.cleanup();
    sb = createSandbox("win32", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "3", OPENROUTER_API_KEY: TEST_KEY });
    const user = fakeWindows(sb, { squirrel: true });
    const dir = join(sb.dir, "custom data");
    const run = await sb.run([...SETUP, "--restart", "--config-dir", dir]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<{ app: { kind: string } }>().app.kind).toBe("windows-squirrel");
    const launches = user.launches();
    expect(launches).toEqual([expect.objectContaining({ via: "Update.exe --processStart claude.exe", activated: false })]);
    expect(launches[0]!.env.CLAUDE_USER_DATA_DIR).toBe(dir);
    expect(user.appPids()).toEqual(launches[0]!.pids);
  });

  it("a per-user install under C:\\Users\\José 张三: its processes are found and closed (PowerShell prints JSON in the OEM code page)", async () => {
    sb.cleanup();
    const local = join("José 张三", "AppData", "Local");
    sb = createSandbox("win32", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "3" });
    sb.env.LOCALAPPDATA = join(sb.dir, local);
    const user = fakeWindows(sb, { squirrel: true, localAppData: sb.env.LOCALAPPDATA });
    const main = user.startApp();
    const run = await sb.run(["quit", "--json", "--timeout", "5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ wasRunning: true, pids: [main], quit: true });
    expect(user.events().map((e) => [e.request, e.pid])).toEqual([["close-window", main]]);
  });

  it("Claude Code's claude.exe inside the package's app folder is not the app, even alone", async () => {
    const run = await sb.run(["quit", "--json", "--timeout", "0.5", "--force"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ wasRunning: false });
    expect(pc.events()).toEqual([]);
  });

  it("another user's Claude Desktop (another session, visible to an elevated tool) is never closed or stopped", async () => {
    pc.runAs({ elevated: true });
    pc.setBehaviour({ close: "hide" });
    const theirs = pc.startApp({ session: 2 });
    const theirPids = appProcesses().map((p) => p.pid);
    const mine = pc.startApp();
    const run = await sb.run(["quit", "--json", "--timeout", "0.5", "--force"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json(), run.stdout + run.stderr).toMatchObject({ pids: [mine], forced: true });
    expect(pc.events().some((e) => theirPids.includes(e.pid))).toBe(false);
    expect(pc.appPids()).toEqual([theirs]);
  });

  it("doctor reads when the app started (Get-Process StartTime) and says a restart is needed after a later change", async () => {
    const { startedMs, before, after } = await restartNeededScenario(sb, pc);
    expect(before.status, JSON.stringify(before)).toBe("ok");
    expect(Date.parse(before.data.startedAt ?? "")).toBe(startedMs);
    expect(after).toMatchObject({ status: "warn", detail: expect.stringContaining(sb.paths.meta) });
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
