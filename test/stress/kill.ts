// Kill-at-random-points harness. Runs `setup --yes` and `revert --yes` of the
// built CLI as subprocesses against a sandbox that already holds a library (foreign entries,
// mcpServers), and sends SIGKILL at a random moment spread over a normal run's duration. After
// each kill: every file parses, each watched file is byte-equal to its state before or after the
// run, and the next (unkilled) run completes, recovers the stale lock, leaves no temporary files
// and reaches exactly the state of an uninterrupted run.
import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { BIN, createSandbox, type Sandbox } from "../helpers/sandbox.js";
import { dirname as parentOf } from "node:path";
import { TEST_KEY } from "../helpers/fixtures.js";

export type KillCommand = "setup" | "revert";

export interface KillFigures {
  runs: number;
  /** The process had already exited when the kill was due. */
  exitedFirst: number;
  /** Killed before the transaction started: nothing changed. */
  beforeWrite: number;
  /** Killed inside the transaction: a backup set was started and not every file was final. */
  midWrite: number;
  /** Killed after every file was final (pruning, printing). */
  afterWrite: number;
  /** Kills that left a temporary file behind (the next run must sweep it). */
  tempLeft: number;
  /** Kills that left the lock file behind (the next run must recover it). */
  lockLeft: number;
  failures: string[];
  normalRunMs: number;
}

const FOREIGN_ID = "00000000-0000-4000-8000-000000157210";
const WORK_ID = "11111111-2222-4333-8444-555555555555";

/** Parses every JSON file under dir (the tool's and the app's), returning the ones that fail. */
function unparsable(dir: string): string[] {
  const bad: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (name.endsWith(".json") && !name.endsWith(".tmp")) {
        const text = readFileSync(full, "utf8");
        try {
          if (text.trim() !== "") JSON.parse(text);
        } catch {
          bad.push(relative(dir, full));
        }
      }
    }
  };
  walk(dir);
  return bad;
}

function tempFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^\..*\.tmp$/.test(name)) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

type Snapshot = Map<string, Buffer | null>;

function snapshot(paths: string[]): Snapshot {
  return new Map(paths.map((p) => [p, existsSync(p) ? readFileSync(p) : null]));
}

function same(a: Buffer | null | undefined, b: Buffer | null | undefined): boolean {
  return a === null || a === undefined || b === null || b === undefined ? (a ?? null) === (b ?? null) : a.equals(b);
}

function backupCount(sb: Sandbox): number {
  try {
    return readdirSync(join(sb.paths.stateDir, "backups")).length;
  } catch {
    return 0;
  }
}

interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * A private copy of the built package (bin/, dist/, package.json), so a long campaign keeps
 * running the same build even if dist/ is rebuilt meanwhile.
 */
function copyBuild(into: string): string {
  const pkg = parentOf(parentOf(BIN));
  for (const part of ["bin", "dist", "package.json"]) cpSync(join(pkg, part), join(into, part), { recursive: true });
  return join(into, "bin", "claude-desktop-openrouter.js");
}

let bin = BIN;

function runChild(sb: Sandbox, args: string[], env: Record<string, string>, killAfterMs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { env: { ...sb.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer =
      killAfterMs !== undefined ? setTimeout(() => child.kill("SIGKILL"), killAfterMs) : setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      if (stdout.includes(TEST_KEY) || stderr.includes(TEST_KEY)) reject(new Error("the API key appeared in the output"));
      resolve({ exitCode, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A library the user already has: two foreign entries, an applied one, MCP servers, odd keys. */
function seedLibrary(sb: Sandbox): void {
  sb.write(sb.paths.meta, {
    appliedId: FOREIGN_ID,
    entries: [
      { id: FOREIGN_ID, name: "Default" },
      { id: WORK_ID, name: "Work — 仕事" },
    ],
    futureKey: { nested: [1, 2, 3] },
  });
  sb.write(join(sb.paths.libDir, `${FOREIGN_ID}.json`), { inferenceProvider: "anthropic" });
  sb.write(join(sb.paths.libDir, `${WORK_ID}.json`), {
    inferenceProvider: "gateway",
    inferenceGatewayBaseUrl: "https://gw.example.com",
    note: "ünïcødé ✓",
  });
  sb.write(sb.paths.rootConfig1p, {
    mcpServers: { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] } },
    deploymentMode: "1p",
    globalShortcut: "Ctrl+Space",
  });
  sb.write(sb.paths.rootConfig3p, '{\r\n  "mcpServers": {}\r\n}\r\n');
}

export interface KillHarness {
  measure(): Promise<number>;
  killOnce(command: KillCommand, killAfterMs: number, figures: KillFigures): Promise<void>;
  cleanup(): void;
  watched: string[];
}

/**
 * Prepares one sandbox and, for each command, the tree it starts from and the files an
 * uninterrupted run produces. Each kill restores the starting tree in place (same paths, so
 * state.json, which names them, compares byte for byte).
 */
export async function createKillHarness(apiUrl: string): Promise<KillHarness> {
  const sb = createSandbox("linux");
  bin = copyBuild(join(sb.dir, "claude-desktop-openrouter"));
  const env = { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: apiUrl };
  seedLibrary(sb);
  const watched = [
    sb.paths.meta,
    sb.paths.entry,
    join(sb.paths.libDir, `${FOREIGN_ID}.json`),
    join(sb.paths.libDir, `${WORK_ID}.json`),
    sb.paths.rootConfig1p,
    sb.paths.rootConfig3p,
    join(sb.paths.stateDir, "state.json"),
  ];
  const templates = join(sb.dir, "templates");
  const keep = (name: string) => cpSync(sb.home, join(templates, name), { recursive: true });
  const restore = (name: string) => {
    rmSync(sb.home, { recursive: true, force: true });
    cpSync(join(templates, name), sb.home, { recursive: true });
  };

  keep("pristine");
  const before: Record<KillCommand, Snapshot> = { setup: snapshot(watched), revert: new Map() };
  const first = await runChild(sb, ["setup", "--yes"], env);
  if (first.exitCode !== 0) throw new Error(`setup failed: ${first.stderr}`);
  const afterSetup = snapshot(watched);
  keep("set-up");
  before.revert = afterSetup;
  const rev = await runChild(sb, ["revert", "--yes"], env);
  if (rev.exitCode !== 0) throw new Error(`revert failed: ${rev.stderr}`);
  const after: Record<KillCommand, Snapshot> = { setup: afterSetup, revert: snapshot(watched) };
  const start: Record<KillCommand, string> = { setup: "pristine", revert: "set-up" };

  return {
    watched,
    async measure() {
      const samples: number[] = [];
      for (const command of ["setup", "revert", "setup", "revert", "setup", "revert"] as KillCommand[]) {
        restore(start[command]);
        samples.push((await runChild(sb, [command, "--yes"], env)).ms);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(samples.length / 2)]!;
    },
    async killOnce(command, killAfterMs, figures) {
      restore(start[command]);
      const backupsBefore = backupCount(sb);
      const fail = (why: string) => figures.failures.push(`${command} killed at ${killAfterMs.toFixed(0)} ms: ${why}`);
      figures.runs++;
      const killed = await runChild(sb, [command, "--yes"], env, killAfterMs);
      if (killed.signal !== "SIGKILL") {
        figures.exitedFirst++;
        if (killed.exitCode !== 0) fail(`exited ${killed.exitCode} before the kill: ${killed.stderr}`);
      }
      const bad = unparsable(sb.home);
      if (bad.length > 0) fail(`files do not parse: ${bad.join(", ")}`);
      const now = snapshot(watched);
      let allBefore = true;
      let allAfter = true;
      for (const path of watched) {
        const isBefore = same(now.get(path), before[command].get(path));
        const isAfter = same(now.get(path), after[command].get(path));
        if (!isBefore && !isAfter) fail(`${relative(sb.home, path)} is neither its state before nor after the run`);
        allBefore &&= isBefore;
        allAfter &&= isAfter;
      }
      const temps = tempFiles(sb.home);
      if (temps.length > 0) figures.tempLeft++;
      if (existsSync(join(sb.paths.stateDir, "lock"))) figures.lockLeft++;
      if (killed.signal === "SIGKILL") {
        if (allAfter) figures.afterWrite++;
        else if (allBefore && backupCount(sb) === backupsBefore && temps.length === 0) figures.beforeWrite++;
        else figures.midWrite++;
      }
      // The next run completes and reaches exactly the state of an uninterrupted run.
      const next = await runChild(sb, [command, "--yes"], env);
      if (next.exitCode !== 0) fail(`the next run exited ${next.exitCode}: ${next.stderr.trim()}`);
      // The killed run's lock is taken over at once: a run that waits for a lock says so first.
      if (next.stderr.includes("Waiting for another run")) fail(`the next run waited for the killed run's lock: ${next.stderr.trim()}`);
      const final = snapshot(watched);
      for (const path of watched) {
        if (!same(final.get(path), after[command].get(path)))
          fail(`after the next run ${relative(sb.home, path)} differs from an uninterrupted run`);
      }
      const left = tempFiles(sb.home);
      if (left.length > 0) fail(`temporary files left after the next run: ${left.join(", ")}`);
      if (existsSync(join(sb.paths.stateDir, "lock"))) fail("the lock is still there after the next run");
    },
    cleanup: () => sb.cleanup(),
  };
}

export function emptyFigures(): KillFigures {
  return { runs: 0, exitedFirst: 0, beforeWrite: 0, midWrite: 0, afterWrite: 0, tempLeft: 0, lockLeft: 0, failures: [], normalRunMs: 0 };
}

/** Seeded PRNG (mulberry32) so a failing campaign can be replayed with KILL_SEED. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `runs` kills alternating setup and revert, each at a uniform moment in [0, 1.1 × normal run]. */
export async function killCampaign(apiUrl: string, runs: number, seed: number, log?: (line: string) => void): Promise<KillFigures> {
  const harness = await createKillHarness(apiUrl);
  const figures = emptyFigures();
  try {
    figures.normalRunMs = await harness.measure();
    const random = rng(seed);
    for (let i = 0; i < runs; i++) {
      const command: KillCommand = i % 2 === 0 ? "setup" : "revert";
      await harness.killOnce(command, random() * figures.normalRunMs * 1.1, figures);
      if (log && (i + 1) % 100 === 0) log(`${i + 1}/${runs}: ${JSON.stringify({ ...figures, failures: figures.failures.length })}`);
    }
  } finally {
    harness.cleanup();
  }
  return figures;
}
