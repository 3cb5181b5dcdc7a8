// Item 6: 20 simultaneous `setup --yes` on one library are serialised by the lock: the end state
// equals one run, exactly one run changes anything, nothing is corrupt. A stale lock (a killed
// run's PID, or an empty lock file left long ago) is recovered.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, snapshotTree, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();

const FOREIGN = "00000000-0000-4000-8000-000000157210";
function seed(sb: Sandbox): void {
  sb.write(sb.paths.meta, { appliedId: FOREIGN, entries: [{ id: FOREIGN, name: "Default" }] });
  sb.write(join(sb.paths.libDir, `${FOREIGN}.json`), { inferenceProvider: "anthropic" });
  sb.write(sb.paths.rootConfig1p, { mcpServers: { a: { command: "x" } } });
}

/** The app's files and the tool's state, with the sandbox's own path taken out. */
function endState(sb: Sandbox): Record<string, string> {
  const tree = snapshotTree(sb.home, (rel) => rel.includes("backups"));
  return Object.fromEntries(Object.entries(tree).map(([rel, f]) => [rel, f.content.split(sb.home).join("<home>")]));
}

describe("20 simultaneous setup runs", () => {
  it("are serialised: the end state equals one run and nothing is corrupt", async () => {
    const one = createSandbox("linux");
    const many = createSandbox("linux");
    try {
      const env = { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
      seed(one);
      seed(many);
      expect((await one.run(["setup", "--yes"], { env })).exitCode).toBe(0);
      const runs = await Promise.all(Array.from({ length: 20 }, () => many.run(["setup", "--yes", "--json"], { env, timeoutMs: 120_000 })));
      for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
      const changed = runs.map((r) => r.json<{ changed: boolean }>().changed);
      expect(changed.filter(Boolean)).toHaveLength(1);
      expect(endState(many)).toEqual(endState(one));
      for (const [rel, file] of Object.entries(snapshotTree(many.home))) {
        if (rel.endsWith(".json") || rel.includes("backups")) expect(() => JSON.parse(file.content || "{}"), rel).not.toThrow();
        expect(rel).not.toMatch(/\.tmp$/);
      }
      expect(readdirSync(join(many.paths.stateDir, "backups"))).toHaveLength(1);
      expect(existsSync(join(many.paths.stateDir, "lock"))).toBe(false);
    } finally {
      one.cleanup();
      many.cleanup();
    }
  }, 120_000);
});

describe("a stale lock", () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = createSandbox("linux");
    seed(sb);
  });
  afterAll(() => sb.cleanup());
  const env = () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

  it("left by a killed run (its PID is gone) is taken over at once", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    const pid = child.pid!;
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    sb.write(join(sb.paths.stateDir, "lock"), JSON.stringify({ pid, createdAt: new Date().toISOString() }));
    const run = await sb.run(["setup", "--yes"], { env: env() });
    expect(run.exitCode, run.stderr).toBe(0);
    // At once: a run that waits for a lock says so before its first pause, and this one never did.
    expect(run.stderr).not.toContain("Waiting for another run");
    expect(existsSync(join(sb.paths.stateDir, "lock"))).toBe(false);
  });

  it("that is empty and old (a run killed while creating it, by an older version) is taken over", async () => {
    const lock = join(sb.paths.stateDir, "lock");
    writeFileSync(lock, "");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const run = await sb.run(["revert", "--yes"], { env: env() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(JSON.parse(readFileSync(sb.paths.meta, "utf8")).appliedId).toBe(FOREIGN);
  });

  it("held by a live process makes the run wait (it does not break in)", async () => {
    // The test process itself is alive: its PID in the lock must block a run until the lock goes.
    const lock = join(sb.paths.stateDir, "lock");
    writeFileSync(lock, JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString(), startedAt: null }));
    let waiting!: () => void;
    const saysItWaits = new Promise<void>((r) => {
      waiting = r;
    });
    const pending = sb.run(["setup", "--yes", "--json"], {
      env: env(),
      onStderr: (text) => {
        if (text.includes("Waiting for another run")) waiting();
      },
    });
    await saysItWaits;
    expect(existsSync(sb.paths.entry)).toBe(false);
    rmSync(lock);
    const run = await pending;
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(sb.paths.entry)).toBe(true);
  });
});
