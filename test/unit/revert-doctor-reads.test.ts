// revert and doctor read each file once per phase, as setup does (./setup-reads.test.ts): a
// revert's dry run reads state.json and our entry once for the targets, the sign-in notice and
// the plan; doctor reads state.json once for the usage check on the data directories and for
// every check. The deliberate second reads come after the run's first write (the lock): a revert
// that writes plans again under it, and doctor --fix checks again what it wrote.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { type InProcessRun, runInProcess } from "../helpers/in-process.js";
import { countingReads, newReads, type Reads } from "../helpers/read-count.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
let box: Sandbox | undefined;
afterEach(() => {
  box?.cleanup();
  box = undefined;
});

describe("revert and doctor read each file once per phase", () => {
  const env = () => ({ ...box!.env, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

  /** A run on a configured home (setup --yes wrote the entry, then `change`), its reads counted. */
  async function afterSetup(args: string[], change?: (sandbox: Sandbox) => void): Promise<{ reads: Reads; run: InProcessRun }> {
    box = createSandbox("linux");
    const first = await runInProcess(["setup", "--yes"], { ...env(), OPENROUTER_API_KEY: TEST_KEY });
    expect(first.exitCode, first.stderr).toBe(0);
    change?.(box);
    const reads = newReads();
    const run = await runInProcess(args, env(), { fs: countingReads(reads) });
    return { reads, run };
  }

  const files = () => {
    const p = box!.paths;
    return [p.entry, p.meta, `${p.stateDir}/state.json`, p.rootConfig1p, p.rootConfig3p];
  };

  /** Expects one read of each path before the run's first write. */
  const once = (reads: Reads, paths: string[]) => {
    for (const path of paths) expect([path, reads.beforeWrite.get(path)]).toEqual([path, 1]);
  };

  it("revert --dry-run --yes: state.json, the entry, _meta.json and the root configs once each", async () => {
    const { reads, run } = await afterSetup(["revert", "--dry-run", "--yes", "--json"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(reads.wrote).toBe(false);
    once(reads, files());
  });

  it("a revert that writes: state.json and the entry once each before the lock", async () => {
    const { reads, run } = await afterSetup(["revert", "--yes", "--no-restart", "--json"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(reads.wrote).toBe(true);
    const { entry, stateDir } = box!.paths;
    once(reads, [entry, `${stateDir}/state.json`]);
  });

  it("revert --dry-run without state.json (records rebuilt from the backups): the entry and _meta.json once each", async () => {
    const { reads, run } = await afterSetup(["revert", "--dry-run", "--yes", "--json"], (sb) => rmSync(`${sb.paths.stateDir}/state.json`));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<{ fromBackups: boolean }>().fromBackups).toBe(true);
    once(reads, [box!.paths.entry, box!.paths.meta]);
  });

  it("doctor --offline --json: state.json, the entry, _meta.json and the root configs once each", async () => {
    const { reads, run } = await afterSetup(["doctor", "--offline", "--json"]);
    expect(run.json<{ checks: unknown[] }>().checks.length).toBeGreaterThan(0);
    expect(reads.wrote).toBe(false);
    once(reads, files());
  });

  it("doctor --fix --dry-run: the checks and the plan share one read of state.json, _meta.json and the root configs", async () => {
    // Two repairs the plan reads files for: deploymentMode unset, and a /v1 base URL in our entry.
    const { reads, run } = await afterSetup(["doctor", "--fix", "--dry-run", "--offline", "--json"], ({ paths }) => {
      const root = JSON.parse(readFileSync(paths.rootConfig3p, "utf8")) as Record<string, unknown>;
      delete root.deploymentMode;
      writeFileSync(paths.rootConfig3p, JSON.stringify(root));
      const ours = JSON.parse(readFileSync(paths.entry, "utf8")) as Record<string, unknown>;
      writeFileSync(paths.entry, JSON.stringify({ ...ours, inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1" }));
    });
    const { entry, meta, stateDir, rootConfig1p, rootConfig3p } = box!.paths;
    expect(run.json<{ files: { path: string }[] }>().files.map((f) => f.path)).toEqual(expect.arrayContaining([entry, rootConfig3p]));
    expect(reads.wrote).toBe(false);
    once(reads, [meta, `${stateDir}/state.json`, rootConfig1p, rootConfig3p]);
    // Our entry twice: the checks read it as the app does (through a link), the plan as our own
    // file (a link in its place refused).
    expect(reads.beforeWrite.get(entry)).toBe(2);
  });
});
