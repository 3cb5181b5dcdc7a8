// macOS quit → write → relaunch through the seams: recording fakes of ps, osascript, kill, open and
// plutil under the fake root answer from fixtures shaped like the real tools' output.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeTools, lifecycleFixture, type FakeTools } from "../helpers/fake-tools.js";
import { FIXTURES } from "../helpers/fixtures.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const QUIT = 'tell application id "com.anthropic.claudefordesktop" to quit';
const SETUP = ["setup", "--yes", "--json", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"];

let sb: Sandbox;
let tools: FakeTools;
let app: string;

function installFakes(options: { ignoreQuit?: boolean } = {}): void {
  const ps = join(sb.dir, "ps-running.txt");
  const idle = join(sb.dir, "ps-idle.txt");
  writeFileSync(ps, lifecycleFixture("darwin-ps-running.txt", { APP: app, HOME: sb.home }));
  writeFileSync(idle, lifecycleFixture("darwin-ps-idle.txt", { APP: app, HOME: sb.home }));
  const entry = sb.paths.entry;
  const logDir = join(sb.home, "Library", "Logs", "Claude-3p");
  // Every state-changing fake notes whether the entry file existed when it ran: the write order.
  const order = `if [ -f '${entry}' ]; then echo "$0 entry=yes" >> "$STATE/order"; else echo "$0 entry=no" >> "$STATE/order"; fi`;
  tools.install(join(sb.root, "bin", "ps"), "ps", `if [ -f "$STATE/running" ]; then cat '${ps}'; else cat '${idle}'; fi`);
  tools.install(join(sb.root, "usr", "bin", "osascript"), "osascript", `${order}\n${options.ignoreQuit ? "" : 'rm -f "$STATE/running"'}`);
  tools.install(
    join(sb.root, "bin", "kill"),
    "kill",
    `${order}\nif [ "$2" = KILL ] || [ ! -f "$STATE/ignore-term" ]; then rm -f "$STATE/running"; fi`,
  );
  tools.install(
    join(sb.root, "usr", "bin", "open"),
    "open",
    `${order}\ntouch "$STATE/running"\nmkdir -p '${logDir}'\necho "[info] [custom-3p] inference apiHost=https://openrouter.ai/api" >> '${logDir}/main.log'\necho "[info] [custom-3p] 3P mode active { provider: 'gateway' }" >> '${logDir}/main.log'`,
  );
  tools.install(join(sb.root, "usr", "bin", "plutil"), "plutil", "echo 1.49585.0");
}

const order = () =>
  existsSync(join(tools.state, "order"))
    ? sb
        .read(join(tools.state, "order"))
        .trim()
        .split("\n")
        .map((l) => l.replace(/^.*\//, ""))
    : [];

beforeEach(() => {
  sb = createSandbox("darwin", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "3", OPENROUTER_API_KEY: TEST_KEY });
  tools = createFakeTools(join(sb.dir, "fakes"));
  app = join(sb.root, "Applications", "Claude.app");
  mkdirSync(join(app, "Contents", "MacOS"), { recursive: true });
  sb.write(
    join(app, "Contents", "Info.plist"),
    `<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleShortVersionString</key><string>2.2553.0</string></dict></plist>`,
  );
  installFakes();
});
afterEach(() => sb.cleanup());

function assertNoSecretAnywhere(): void {
  for (const call of tools.calls()) {
    expect(call.args.join(" ")).not.toContain(TEST_KEY);
    expect(Object.values(call.env).join(" ")).not.toContain(TEST_KEY);
    expect(Object.keys(call.env)).not.toContain("OPENROUTER_API_KEY");
  }
}

describe("macOS lifecycle (simulated)", () => {
  it("restart: asks the app by bundle id to quit, waits, reopens it with open -b and reads main.log", async () => {
    tools.setRunning(true);
    const run = await sb.run(["restart", "--json", "--timeout", "5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = run.json<{
      wasRunning: boolean;
      pids: number[];
      quit: boolean;
      forced: boolean;
      launched: boolean;
      confirm: { status: string; apiHost: string; provider: string };
    }>();
    expect(r).toMatchObject({ wasRunning: true, pids: [4242], quit: true, forced: false, launched: true });
    expect(r.confirm).toMatchObject({ status: "active", apiHost: "https://openrouter.ai/api", provider: "gateway" });
    const calls = tools.calls();
    expect(calls.filter((c) => c.tool === "osascript").map((c) => c.args)).toEqual([["-e", QUIT]]);
    expect(calls.filter((c) => c.tool === "open").map((c) => c.args)).toEqual([["-b", "com.anthropic.claudefordesktop"]]);
    expect(
      calls.filter((c) => c.tool === "ps").every((c) => JSON.stringify(c.args) === JSON.stringify(["-axww", "-o", "pid=,comm="])),
    ).toBe(true);
    expect(calls.some((c) => c.tool === "kill")).toBe(false);
    expect(calls.map((c) => c.tool).indexOf("osascript")).toBeLessThan(calls.map((c) => c.tool).indexOf("open"));
    assertNoSecretAnywhere();
  });

  it("quit when the app is not running touches nothing; not installed is exit 4", async () => {
    const run = await sb.run(["quit", "--json"]);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ wasRunning: false, quit: false });
    expect(tools.calls().map((c) => c.tool)).toEqual(["ps"]);
    sb.cleanup();
    sb = createSandbox("darwin");
    const missing = await sb.run(["restart", "--json"]);
    expect(missing.exitCode).toBe(4);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: "app.not-found" } });
  });

  it("setup with the app running: quit → wait → write → launch, and no secret in any argv or env", async () => {
    tools.setRunning(true);
    const run = await sb.run(SETUP);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(order()).toEqual(["osascript entry=no", "open entry=yes"]);
    const r = run.json<{ restart: { mode: string; quit: boolean; launched: boolean; confirm: { status: string } } }>();
    expect(r.restart).toMatchObject({ mode: "restart", quit: true, launched: true, confirm: { status: "active" } });
    assertNoSecretAnywhere();
  });

  it("setup --no-restart leaves the running app alone and says exactly what to do", async () => {
    tools.setRunning(true);
    const run = await sb.run([...SETUP, "--no-restart"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(order()).toEqual([]);
    expect(existsSync(sb.paths.entry)).toBe(true);
    const r = run.json<{ restart: { mode: string }; warnings: { code: string; message: string }[] }>();
    expect(r.restart.mode).toBe("leave");
    expect(r.warnings.find((w) => w.code === "app.restart-needed")?.message).toContain("open -b com.anthropic.claudefordesktop");
  });

  it("setup with the app not running writes and does not start it; --restart starts it", async () => {
    const plain = await sb.run(SETUP);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(order()).toEqual([]);
    sb.write(sb.paths.entry, "{}\n");
    const asked = await sb.run([...SETUP, "--restart", "--name", "OpenRouter 2"]);
    expect(asked.exitCode, asked.stderr).toBe(0);
    expect(order()).toEqual(["open entry=yes"]);
  });

  it("an app that ignores the quit: exit 6 and nothing written; --force-quit kills it and the run completes", async () => {
    installFakes({ ignoreQuit: true });
    writeFileSync(join(tools.state, "ignore-term"), "");
    tools.setRunning(true);
    const env = { CLAUDE_DESKTOP_OPENROUTER_QUIT_SECONDS: "1" };
    const refused = await sb.run(SETUP, { env });
    expect(refused.exitCode).toBe(6);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: "app.quit-timeout" } });
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(sb.paths.meta)).toBe(false);

    const forced = await sb.run([...SETUP, "--force-quit"], { env });
    expect(forced.exitCode, forced.stderr).toBe(0);
    const kills = tools
      .calls()
      .filter((c) => c.tool === "kill")
      .map((c) => c.args);
    // TERM first (ignored), then KILL; only the app's own PIDs, never Claude Code (5101) or the CLI (5230).
    expect(kills).toEqual([
      ["-s", "TERM", "4242", "4250", "4251", "4263"],
      ["-s", "KILL", "4242", "4250", "4251", "4263"],
    ]);
    expect(order().slice(-3)).toEqual(["kill entry=no", "kill entry=no", "open entry=yes"]);
    expect(forced.json<{ restart: { forced: boolean } }>().restart.forced).toBe(true);
  });

  it("restart --force after the timeout; without it exit 6", async () => {
    installFakes({ ignoreQuit: true });
    tools.setRunning(true);
    const refused = await sb.run(["restart", "--timeout", "0.5"]);
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain("did not quit within 0.5 s");
    expect(tools.calls().some((c) => c.tool === "open" || c.tool === "kill")).toBe(false);
    const forced = await sb.run(["restart", "--timeout", "0.5", "--force", "--json"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.json()).toMatchObject({ forced: true, launched: true });
  });

  it("reads the version of a binary Info.plist with plutil, and a dry run touches no process", async () => {
    copyFileSync(join(FIXTURES, "lifecycle", "Info.plist.binary"), join(app, "Contents", "Info.plist"));
    tools.setRunning(true);
    const run = await sb.run([...SETUP, "--dry-run"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<{ app: { version: string } }>().app.version).toBe("1.49585.0");
    const calls = tools.calls();
    expect(calls.map((c) => c.tool)).toEqual(["plutil"]);
    expect(calls[0]!.args).toEqual(["-extract", "CFBundleShortVersionString", "raw", "-o", "-", join(app, "Contents", "Info.plist")]);
  });

  it("--config-dir reaches the started app like CLAUDE_USER_DATA_DIR: open --env", async () => {
    const dir = join(sb.dir, "custom data");
    const expected = [["--env", `CLAUDE_USER_DATA_DIR=${dir}`, "-b", "com.anthropic.claudefordesktop"]];
    const env = { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "1" };
    const run = await sb.run([...SETUP, "--restart", "--config-dir", dir], { env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(
      tools
        .calls()
        .filter((c) => c.tool === "open")
        .map((c) => c.args),
    ).toEqual(expected);
    const byVariable = await sb.run([...SETUP, "--restart"], { env: { ...env, CLAUDE_USER_DATA_DIR: dir } });
    expect(byVariable.exitCode, byVariable.stderr).toBe(0);
    expect(
      tools
        .calls()
        .filter((c) => c.tool === "open")
        .map((c) => c.args),
    ).toEqual([...expected, ...expected]);
  });

  it("a missing ps is a warning, not a crash", async () => {
    sb.cleanup();
    sb = createSandbox("darwin", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "1" });
    mkdirSync(join(sb.root, "Applications", "Claude.app", "Contents", "MacOS"), { recursive: true });
    const run = await sb.run(["quit", "--json"]);
    expect(run.exitCode).toBe(0);
    const r = run.json<{ wasRunning: null; warnings: { code: string }[] }>();
    expect(r.wasRunning).toBeNull();
    expect(r.warnings.map((w) => w.code)).toContain("app.running-unknown");
  });
});
