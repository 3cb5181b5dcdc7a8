// Linux for real: a fake Claude Desktop under the fake root (a shell script run by a copy of sh
// that lives in the app directory, so /proc/<pid>/exe points there) is found through the real
// /proc, quit with SIGTERM and started again; a decoy `claude` (like the Claude Code CLI) survives.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { needsRoot } from "../helpers/managed.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { followerBrowser, spawnCli } from "../helpers/sign-in.js";

let sb: Sandbox;
let appDir: string;
let decoy: number;

/** PIDs of live processes whose executable lies under dir (the real /proc). */
function pidsUnder(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/exe`).startsWith(`${dir}/`)) out.push(Number(name));
    } catch {
      // gone or not ours
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const logFile = () => join(sb.home, ".config", "Claude-3p", "logs", "main.log");
const events = () => (existsSync(join(sb.dir, "events")) ? readFileSync(join(sb.dir, "events"), "utf8").trim().split("\n") : []);

/** "by-entry": like the app, it logs gateway mode only when our entry is there (normal mode after a revert). */
function makeApp(mode: "normal" | "ignore-term" | "by-entry"): void {
  appDir = join(sb.root, "usr", "lib", "claude-desktop");
  mkdirSync(appDir, { recursive: true });
  const sh = join(appDir, "sh");
  copyFileSync("/bin/sh", sh);
  chmodSync(sh, 0o755);
  const bin = join(appDir, "claude-desktop");
  const entry = sb.paths.entry;
  const logDir = dirname(logFile());
  mkdirSync(logDir, { recursive: true });
  const fifo = join(sb.dir, "app.fifo");
  if (!existsSync(fifo)) execFileSync("mkfifo", [fifo]);
  writeFileSync(
    bin,
    // It never forks (the log directory and the FIFO it waits on with the shell's own `read` are
    // made here): a forked child of this shell runs the same binary under the app directory until
    // it execs, and would look like a second app process for that moment.
    `#!${sh}
d='${logDir}'
exec 3<>'${fifo}'
${mode === "ignore-term" ? "trap '' TERM" : `trap 'if [ -f "${entry}" ]; then e=yes; else e=no; fi; echo "quit entry=$e" >> "${sb.dir}/events"; exit 0' TERM`}
if [ -f '${entry}' ]; then e=yes; else e=no; fi
echo "start entry=$e" >> '${sb.dir}/events'
${mode === "by-entry" ? 'if [ "$e" = yes ]; then ' : ""}echo "[info] [custom-3p] inference apiHost=https://openrouter.ai/api" >> "$d/main.log"
echo "[info] [custom-3p] 3P mode active { provider: 'gateway' }" >> "$d/main.log"${mode === "by-entry" ? "; fi" : ""}
while :; do read x <&3; done
`,
  );
  chmodSync(bin, 0o755);
}

function startApp(): number {
  const child = spawn(join(appDir, "claude-desktop"), [], {
    detached: true,
    stdio: "ignore",
    env: { HOME: sb.home, PATH: process.env.PATH ?? "/usr/bin:/bin" },
  });
  child.unref();
  return child.pid!;
}

beforeEach(async () => {
  sb = createSandbox("linux", { DISPLAY: ":99", CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "5", OPENROUTER_API_KEY: TEST_KEY });
  // The decoy: Claude Code's CLI is a program named `claude`; it must never be touched.
  const bin = join(sb.home, ".local", "bin");
  mkdirSync(bin, { recursive: true });
  copyFileSync("/bin/sleep", join(bin, "claude"));
  chmodSync(join(bin, "claude"), 0o755);
  const d = spawn(join(bin, "claude"), ["300"], { detached: true, stdio: "ignore" });
  d.unref();
  decoy = d.pid!;
});

afterEach(() => {
  for (const pid of [...pidsUnder(sb.root), decoy]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  sb.cleanup();
});

describe("Linux lifecycle (real processes)", () => {
  it("restart really quits the app with SIGTERM and starts it again detached, without the key in its environment", async () => {
    makeApp("normal");
    const first = startApp();
    await waitFor(() => existsSync(logFile()));
    const run = await sb.run(["restart", "--json", "--timeout", "5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = run.json<{
      pids: number[];
      quit: boolean;
      launched: boolean;
      confirm: { status: string; pids: number[]; apiHost: string };
    }>();
    expect(r.pids).toEqual([first]);
    expect(r).toMatchObject({ quit: true, launched: true, confirm: { status: "active", apiHost: "https://openrouter.ai/api" } });
    expect(alive(first)).toBe(false);
    const now = pidsUnder(appDir);
    expect(now).toHaveLength(1);
    expect(r.confirm.pids).toEqual(now);
    expect(alive(decoy)).toBe(true);
    const environ = readFileSync(`/proc/${now[0]}/environ`, "utf8");
    expect(environ).not.toContain(TEST_KEY);
    expect(environ).not.toContain("OPENROUTER_API_KEY");
    expect(environ).toContain(`HOME=${sb.home}`);
  });

  it("setup --restart: quit → write → launch for real", async () => {
    makeApp("normal");
    startApp();
    await waitFor(() => events().length === 1);
    const run = await sb.run(["setup", "--yes", "--json", "--restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(events()).toEqual(["start entry=no", "quit entry=no", "start entry=yes"]);
    expect(run.json()).toMatchObject({
      changed: true,
      restart: { mode: "restart", quit: true, launched: true, confirm: { status: "active" } },
    });
    expect(pidsUnder(appDir)).toHaveLength(1);
    expect(alive(decoy)).toBe(true);
    // Already set up: --restart still restarts (say after an earlier --no-restart), writing nothing.
    const again = await sb.run(["setup", "--yes", "--json", "--restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ changed: false, backup: null, restart: { mode: "restart", quit: true, launched: true } });
    expect(events()).toEqual(["start entry=no", "quit entry=no", "start entry=yes", "quit entry=yes", "start entry=yes"]);
  });

  it("revert --restart waits for the app to run, not for gateway mode: no warning when it comes up in its normal mode", async () => {
    makeApp("by-entry");
    startApp();
    await waitFor(() => events().length === 1);
    const setup = await sb.run(["setup", "--yes", "--json", "--restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"]);
    expect(setup.exitCode, setup.stderr).toBe(0);
    const run = await sb.run(["revert", "--yes", "--json", "--restart"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = run.json<{ restart: { launched: boolean; confirm: { status: string } }; warnings: { code: string }[] }>();
    expect(events()).toEqual(["start entry=no", "quit entry=no", "start entry=yes", "quit entry=yes", "start entry=no"]);
    expect(r.restart).toMatchObject({ launched: true, confirm: { status: "running" } });
    expect(r.warnings.map((w) => w.code)).not.toContain("app.no-confirmation");
    expect(run.stderr).not.toContain("No confirmation from Claude Desktop");
  });

  describe("a key sign-in created, then the run ends before the files hold it", () => {
    const fake = useFakeOpenRouter();
    const ORPHAN =
      /A key named "Claude Desktop on .+ \(claude-desktop-openrouter\)" was created on your OpenRouter account but nothing uses it: delete it at https:\/\/openrouter\.ai\/settings\/keys/;
    const args = [
      "setup",
      "--login",
      "--yes",
      "--restart",
      "--skip-key-check",
      "--models",
      "anthropic/claude-sonnet-4.5",
      "--egress",
      "none",
    ];
    const env = () => ({ CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, BROWSER: followerBrowser(join(sb.dir, "visits.jsonl")) });

    it("the app would not quit (exit 6): the key is named, with where to delete it", async () => {
      makeApp("ignore-term");
      startApp();
      await waitFor(() => existsSync(logFile()));
      const run = await sb.run(args, { env: { ...env(), CLAUDE_DESKTOP_OPENROUTER_QUIT_SECONDS: "0.5" } });
      expect(run.exitCode).toBe(6);
      expect(fake.requests.filter((q) => q.path === "/api/v1/auth/keys")).toHaveLength(1);
      expect(run.stderr).toMatch(ORPHAN);
      expect(existsSync(sb.paths.entry)).toBe(false);
    });

    it("Ctrl-C while waiting for the app to quit: the key is named, exit 130", async () => {
      makeApp("ignore-term");
      startApp();
      await waitFor(() => existsSync(logFile()));
      const cli = spawnCli([...args, "--verbose"], { ...sb.env, ...env(), CLAUDE_DESKTOP_OPENROUTER_QUIT_SECONDS: "30" });
      // The key exists and the quit is under way (the step is named with --verbose when no terminal is attached).
      await cli.waitForStderr(/Waiting for Claude Desktop to quit/);
      cli.kill("SIGINT");
      const r = await cli.done;
      expect(r.exitCode).toBe(130);
      expect(r.stderr).toMatch(ORPHAN);
      expect(existsSync(sb.paths.entry)).toBe(false);
    });
  });

  it("an app that ignores SIGTERM: exit 6 without --force (still running); --force kills it", async () => {
    makeApp("ignore-term");
    const pid = startApp();
    await waitFor(() => existsSync(logFile()));
    const refused = await sb.run(["quit", "--timeout", "0.5"]);
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain("--force");
    expect(alive(pid)).toBe(true);
    const forced = await sb.run(["quit", "--timeout", "0.5", "--force", "--json"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.json()).toMatchObject({ quit: true, forced: true, pids: [pid] });
    await waitFor(() => !alive(pid));
    expect(alive(decoy)).toBe(true);
  });

  it("--config-dir reaches the started app like CLAUDE_USER_DATA_DIR: it is in its environment", async () => {
    makeApp("normal");
    const dir = join(sb.dir, "custom data");
    const run = await sb.run(
      [...["setup", "--yes", "--json", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"], "--restart", "--config-dir", dir],
      {
        env: { CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS: "1" },
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    await waitFor(() => pidsUnder(appDir).length === 1);
    const environ = readFileSync(`/proc/${pidsUnder(appDir)[0]}/environ`, "utf8").split("\0");
    expect(environ).toContain(`CLAUDE_USER_DATA_DIR=${dir}`);
  });

  it("without a display the app is quit but not started, and the exact command is given", async () => {
    makeApp("normal");
    startApp();
    await waitFor(() => existsSync(logFile()));
    const run = await sb.run(["restart", "--json", "--timeout", "5"], { env: { DISPLAY: undefined } });
    expect(run.exitCode, run.stderr).toBe(0);
    const r = run.json<{ launched: boolean; launchSkipped: string; warnings: { code: string; message: string }[] }>();
    expect(r).toMatchObject({ launched: false, launchSkipped: "no-display" });
    expect(r.warnings.find((w) => w.code === "app.launch-no-display")?.message).toContain(join(appDir, "claude-desktop"));
    expect(pidsUnder(appDir)).toHaveLength(0);
  });

  it("another user's Claude Desktop is theirs: run for a home owned by someone else, the tool never signals it", async () => {
    needsRoot();
    makeApp("normal");
    const pid = startApp();
    await waitFor(() => existsSync(logFile()));
    // The app runs as root; the configuration being changed is uid 4321's.
    chownSync(sb.home, 4321, 4321);
    const run = await sb.run(["quit", "--json", "--timeout", "0.5", "--force"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ wasRunning: false, quit: false });
    expect(alive(pid)).toBe(true);
    expect(events()).toEqual(["start entry=no"]);
  });

  it("doctor reads the app's start time from /proc", async () => {
    makeApp("normal");
    const pid = startApp();
    await waitFor(() => existsSync(logFile()));
    const run = await sb.run(["doctor", "--json", "--offline", "--check", "app.running"]);
    const check = run.json<{ checks: { data: { pid: number; startedAt: string } }[] }>().checks[0]!;
    expect(check.data.pid).toBe(pid);
    // The same fact as procps reads it (whole seconds), not a time the test took: a loaded
    // machine cannot move either reading. The tool's boot time is in whole seconds too.
    const psStart = Date.parse(
      `${execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], {
        encoding: "utf8",
        env: { ...process.env, TZ: "UTC", LC_ALL: "C" },
      }).trim()} UTC`,
    );
    expect(Math.abs(Date.parse(check.data.startedAt) - psStart)).toBeLessThan(2_000);
  });
});
