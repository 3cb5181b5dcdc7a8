// Backup sets: pruning keeps the newest 20, always the oldest (the state before the first setup),
// and every set still holding an original that revert needs; `revert --purge-backups` deletes
// them all (they hold copies of the key) after a successful revert.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const SETUP = ["setup", "--yes", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"];
const sets = (sb: Sandbox) => readdirSync(join(sb.paths.stateDir, "backups")).sort();

async function setupNamed(sb: Sandbox, name: string): Promise<void> {
  const run = await runInProcess([...SETUP, "--name", name], { ...sb.env, OPENROUTER_API_KEY: TEST_KEY });
  expect(run.exitCode, run.stderr).toBe(0);
}

describe("pruning", () => {
  it("keeps the oldest set besides the newest 20, and the sets revert still needs", async () => {
    const sb = createSandbox("linux");
    try {
      const original = '{\n  "mcpServers": {},\n  "deploymentMode": "1p"\n}\n';
      sb.write(sb.paths.rootConfig1p, original);
      await setupNamed(sb, "first");
      const oldest = sets(sb)[0]!;
      // A revert and a new setup: the originals of this cycle are in a set that is neither the
      // oldest nor, after 21 more runs, among the newest 20.
      expect((await runInProcess(["revert", "--yes"], sb.env)).exitCode).toBe(0);
      sb.write(sb.paths.rootConfig1p, original.replace("{}", '{ "git": {} }'));
      const changed = readFileSync(sb.paths.rootConfig1p, "utf8");
      await setupNamed(sb, "second");
      const needed = sets(sb).at(-1)!;
      for (let i = 0; i < 21; i++) await setupNamed(sb, `run ${i}`);
      const left = sets(sb);
      expect(left).toHaveLength(22);
      expect(left[0]).toBe(oldest);
      expect(left).toContain(needed);
      // And revert still finds the exact original of this cycle.
      expect((await runInProcess(["revert", "--yes"], sb.env)).exitCode).toBe(0);
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(changed);
    } finally {
      sb.cleanup();
    }
  }, 120_000);
});

describe("revert --purge-backups", () => {
  it("deletes every backup set after a successful revert, and says so", async () => {
    const sb = createSandbox("linux");
    try {
      await setupNamed(sb, "OpenRouter");
      await setupNamed(sb, "Renamed");
      expect(sets(sb).length).toBe(2);
      const dry = await runInProcess(["revert", "--yes", "--dry-run", "--purge-backups"], sb.env);
      expect(dry.stdout).toContain("3 backup sets would be deleted");
      expect(sets(sb).length).toBe(2);
      const run = await runInProcess(["revert", "--yes", "--purge-backups", "--json"], sb.env);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.json()).toMatchObject({ changed: true, purgedBackups: 3, backup: null });
      expect(existsSync(join(sb.paths.stateDir, "backups")) ? sets(sb) : []).toEqual([]);
      expect(existsSync(sb.paths.entry)).toBe(false);
      const human = await runInProcess(["revert", "--yes", "--purge-backups"], sb.env);
      expect(human.stdout).toContain("Deleted 0 backup sets: no copy of the API key is left");
    } finally {
      sb.cleanup();
    }
  });

  it.each([[["revert", "--purge-backups", "--backup", "x"]], [["revert", "--purge-backups", "--list"]]])(
    "%j is a usage error",
    async (args) => {
      const sb = createSandbox("linux");
      try {
        const run = await runInProcess(args, sb.env);
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toContain("--purge-backups cannot be combined");
      } finally {
        sb.cleanup();
      }
    },
  );
});
