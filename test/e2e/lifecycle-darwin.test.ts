// macOS quit → write → relaunch on a simulated Mac (test/helpers/fake-os.ts): ps, pgrep, kill,
// osascript and open act on one process table the way the real tools do, and plutil reads the
// app's real (binary) Info.plist. The tests assert what happened to which process, what was
// started with which environment, and in which order relative to the write.
import { chownSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMachine, fakeMac, restartNeededScenario } from "../helpers/fake-os.js";
import { FIXTURES } from "../helpers/fixtures.js";
import { installPlutil, needsRoot } from "../helpers/managed.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const SETUP = ["setup", "--yes", "--json", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"];
const BUNDLE_ID = "com.anthropic.claudefordesktop";

let sb: Sandbox;
let mac: FakeMachine;

beforeEach(() => {
  sb = createSandbox("darwin", { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "3", OPENROUTER_API_KEY: TEST_KEY });
  mac = fakeMac(sb);
  sb.write(
    join(mac.app.installPath, "Contents", "Info.plist"),
    `<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleShortVersionString</key><string>2.2553.0</string></dict></plist>`,
  );
});
afterEach(() => sb.cleanup());

/** The app's processes (main and helpers) that are running now. */
const appProcesses = () => mac.processes().filter((p) => p.app === "claude");
const requests = () => mac.events().map((e) => [e.tool, e.request, e.pid]);

function assertNoSecretAnywhere(): void {
  for (const call of mac.tools.calls()) {
    expect(call.args.join(" ")).not.toContain(TEST_KEY);
    expect(Object.values(call.env).join(" ")).not.toContain(TEST_KEY);
    expect(Object.keys(call.env)).not.toContain("OPENROUTER_API_KEY");
  }
  for (const launch of mac.launches()) expect(JSON.stringify(launch.env)).not.toContain(TEST_KEY);
}

describe("macOS lifecycle (simulated)", () => {
  it("restart: asks the app by bundle id to quit, waits, reopens it with open -b and reads main.log", async () => {
    const main = mac.startApp();
    const bystanders = mac.processes().filter((p) => p.app !== "claude");
    const run = await sb.run(["restart", "--json", "--timeout", "5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = run.json<{ wasRunning: boolean; pids: number[]; quit: boolean; forced: boolean; launched: boolean; confirm: unknown }>();
    expect(r).toMatchObject({ wasRunning: true, pids: [main], quit: true, forced: false, launched: true });
    expect(r.confirm).toMatchObject({ status: "active", apiHost: "https://openrouter.ai/api", provider: "gateway" });
    // One quit request, to the main process; nothing signalled; then one start by bundle id.
    expect(requests()).toEqual([["osascript", "quit", main]]);
    const launches = mac.launches();
    expect(launches).toEqual([expect.objectContaining({ via: `open -b ${BUNDLE_ID}`, env: {}, activated: false })]);
    expect(launches[0]!.seq).toBeGreaterThan(mac.events()[0]!.seq);
    // A new instance runs; every other process is as it was.
    expect(mac.appPids()).toEqual(launches[0]!.pids);
    expect(mac.processes().filter((p) => p.app !== "claude")).toEqual(bystanders);
    assertNoSecretAnywhere();
  });

  it("quit when the app is not running touches nothing; not installed is exit 4", async () => {
    const before = mac.processes();
    const run = await sb.run(["quit", "--json"]);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ wasRunning: false, quit: false });
    expect(mac.events()).toEqual([]);
    expect(mac.launches()).toEqual([]);
    expect(mac.processes()).toEqual(before);
    sb.cleanup();
    sb = createSandbox("darwin");
    const missing = await sb.run(["restart", "--json"]);
    expect(missing.exitCode).toBe(4);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: "app.not-found" } });
  });

  it("setup with the app running: quit → wait → write → launch, and no secret in any argv or env", async () => {
    const main = mac.startApp();
    const run = await sb.run(SETUP);
    expect(run.exitCode, run.stderr).toBe(0);
    // The quit came before the entry existed, the start after it was written.
    expect(mac.events()).toEqual([expect.objectContaining({ tool: "osascript", request: "quit", pid: main, watchedExisted: false })]);
    expect(mac.launches()).toEqual([expect.objectContaining({ via: `open -b ${BUNDLE_ID}`, watchedExisted: true })]);
    const r = run.json<{ restart: { mode: string; quit: boolean; launched: boolean; confirm: { status: string } } }>();
    expect(r.restart).toMatchObject({ mode: "restart", quit: true, launched: true, confirm: { status: "active" } });
    assertNoSecretAnywhere();
  });

  it("says what happened in the order it happened: quit, set up, started again (setup and revert)", async () => {
    mac.startApp();
    const human = SETUP.filter((arg) => arg !== "--json");
    for (const [args, done] of [
      [human, "Claude Desktop is set up for OpenRouter"],
      [["revert", "--yes"], "Reverted:"],
    ] as const) {
      const run = await sb.run([...args]);
      expect(run.exitCode, run.stderr).toBe(0);
      const order = ["Claude Desktop quit.", done, "Claude Desktop started again."].map((text) => run.stdout.indexOf(text));
      expect(
        order.every((at) => at >= 0),
        run.stdout,
      ).toBe(true);
      expect(
        [...order].sort((a, b) => a - b),
        run.stdout,
      ).toEqual(order);
    }
  });

  it("--config-dir, like CLAUDE_USER_DATA_DIR, reaches the started app through open --env, and nothing else does", async () => {
    mac.startApp();
    const dir = join(sb.dir, "custom data");
    const byOption = await sb.run([...SETUP, "--restart", "--config-dir", dir]);
    expect(byOption.exitCode, byOption.stderr).toBe(0);
    const byVariable = await sb.run([...SETUP, "--restart"], { env: { CLAUDE_USER_DATA_DIR: dir } });
    expect(byVariable.exitCode, byVariable.stderr).toBe(0);
    expect(mac.launches().map((l) => [l.via, l.env])).toEqual([
      [`open -b ${BUNDLE_ID}`, { CLAUDE_USER_DATA_DIR: dir }],
      [`open -b ${BUNDLE_ID}`, { CLAUDE_USER_DATA_DIR: dir }],
    ]);
  });

  it("setup --no-restart leaves the running app alone and says exactly what to do", async () => {
    const main = mac.startApp();
    const run = await sb.run([...SETUP, "--no-restart"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(mac.events()).toEqual([]);
    expect(mac.appPids()).toEqual([main]);
    expect(existsSync(sb.paths.entry)).toBe(true);
    const r = run.json<{ restart: { mode: string }; warnings: { code: string; message: string }[] }>();
    expect(r.restart.mode).toBe("leave");
    expect(r.warnings.find((w) => w.code === "app.restart-needed")?.message).toContain(`open -b ${BUNDLE_ID}`);
  });

  it("setup with the app not running writes and does not start it; --restart starts it", async () => {
    const plain = await sb.run(SETUP);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(mac.launches()).toEqual([]);
    expect(mac.appPids()).toEqual([]);
    sb.write(sb.paths.entry, "{}\n");
    const asked = await sb.run([...SETUP, "--restart", "--name", "OpenRouter 2"]);
    expect(asked.exitCode, asked.stderr).toBe(0);
    expect(mac.launches()).toEqual([expect.objectContaining({ via: `open -b ${BUNDLE_ID}`, watchedExisted: true })]);
    expect(mac.appPids()).toHaveLength(1);
  });

  it("an app that ignores the quit: exit 6 and nothing written; --force-quit stops only its own processes and the run completes", async () => {
    mac.setBehaviour({ quit: "ignore", term: "ignore" });
    const main = mac.startApp();
    const own = appProcesses().map((p) => p.pid);
    const env = { CLAUDE_DESKTOP_OPENROUTER_QUIT_SECONDS: "1" };
    const refused = await sb.run(SETUP, { env });
    expect(refused.exitCode).toBe(6);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: "app.quit-timeout" } });
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(sb.paths.meta)).toBe(false);
    expect(requests()).toEqual([["osascript", "quit", main]]);

    const forced = await sb.run([...SETUP, "--force-quit"], { env });
    expect(forced.exitCode, forced.stderr).toBe(0);
    const signals = mac.events().filter((e) => e.tool === "kill");
    // TERM to each of the app's processes (the helpers end, the main ignores it), then KILL to
    // what is left: the main. Claude Code, the shell, Finder: never.
    expect(signals.filter((e) => e.request === "TERM").map((e) => e.pid)).toEqual(own);
    expect(signals.filter((e) => e.request === "KILL").map((e) => e.pid)).toEqual([main]);
    expect(signals.every((e) => e.watchedExisted === false)).toBe(true);
    expect(mac.launches()).toEqual([expect.objectContaining({ watchedExisted: true })]);
    expect(forced.json<{ restart: { forced: boolean } }>().restart.forced).toBe(true);
  });

  it("restart --force after the timeout; without it exit 6", async () => {
    mac.setBehaviour({ quit: "ignore" });
    mac.startApp();
    const refused = await sb.run(["restart", "--timeout", "0.5"]);
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain("did not quit within 0.5 s");
    expect(mac.events().map((e) => e.tool)).toEqual(["osascript"]);
    expect(mac.launches()).toEqual([]);
    const forced = await sb.run(["restart", "--timeout", "0.5", "--force", "--json"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.json()).toMatchObject({ forced: true, launched: true });
  });

  it("Automation consent refused: the quit falls back to SIGTERM of the main process", async () => {
    mac.setBehaviour({ quit: "deny" });
    const main = mac.startApp();
    const run = await sb.run(["quit", "--json", "--timeout", "2"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(requests()).toEqual([["kill", "TERM", main]]);
    expect(mac.appPids()).toEqual([]);
  });

  it("another user's Claude Desktop is never asked, signalled or counted", async () => {
    const theirs = mac.startApp({ uid: 4321 });
    const theirProcesses = appProcesses();
    mac.setBehaviour({ quit: "ignore" });
    const mine = mac.startApp();
    const run = await sb.run(["quit", "--json", "--timeout", "0.5", "--force"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ pids: [mine], forced: true });
    expect(mac.events().every((e) => !theirProcesses.some((p) => p.pid === e.pid))).toBe(true);
    expect(mac.appPids()).toEqual([theirs]);
  });

  it("run as root for another user's home: only that user's app is quit, never root's own", async () => {
    needsRoot();
    const owner = 4321;
    chownSync(sb.home, owner, owner);
    mac.setBehaviour({ quit: "ignore", term: "ignore" });
    const roots = mac.startApp();
    const users = mac.startApp({ uid: owner });
    const userProcesses = appProcesses()
      .filter((p) => p.uid === owner)
      .map((p) => p.pid);
    const run = await sb.run(["quit", "--json", "--timeout", "0.5", "--force"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ pids: [users], forced: true });
    // No Apple event (root's would reach root's own app); every signal went to the user's processes.
    expect(mac.events().map((e) => e.tool)).not.toContain("osascript");
    expect(mac.events().every((e) => userProcesses.includes(e.pid))).toBe(true);
    expect(mac.appPids()).toEqual([roots]);
  });

  it("doctor reads when the app started (ps etime) and says a restart is needed after a later change", async () => {
    const { startedMs, before, after } = await restartNeededScenario(sb, mac);
    expect(before.status).toBe("ok");
    // ps's elapsed time, counted on the machine's clock, which says what the tool's does.
    expect(Date.parse(before.data.startedAt ?? "")).toBe(startedMs);
    expect(after).toMatchObject({ status: "warn", detail: expect.stringContaining(sb.paths.meta) });
  });

  it("reads the version of a binary Info.plist with plutil, and a dry run touches no process", async () => {
    installPlutil(sb);
    copyFileSync(join(FIXTURES, "lifecycle", "Info.plist.binary"), join(mac.app.installPath, "Contents", "Info.plist"));
    mac.startApp();
    const before = mac.processes();
    const run = await sb.run([...SETUP, "--dry-run"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<{ app: { version: string } }>().app.version).toBe("1.49585.0");
    expect(mac.events()).toEqual([]);
    expect(mac.launches()).toEqual([]);
    expect(mac.processes()).toEqual(before);
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
