// One setup run reads each file once: our entry, _meta.json and state.json are read before the
// questions and that one read is passed down to every answer (what was chosen, which key, where
// it is kept, an earlier sign-in) and to a dry run's plan. The only second reads are deliberate:
// a write plans again under the lock (another run may have written since) and the commit checks
// each file once more just before it writes; both come after the run's first write (the lock).
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";
import { countingReads, newReads, type Reads } from "../helpers/read-count.js";

const fake = useFakeOpenRouter();
let box: Sandbox | undefined;
afterEach(() => {
  box?.cleanup();
  box = undefined;
});

describe("one setup run reads each file once", () => {
  const env = (withKey = true) => ({
    ...box!.env,
    CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
    ...(withKey ? { OPENROUTER_API_KEY: TEST_KEY } : {}),
  });

  /** A rerun of setup (an earlier setup wrote the entry), its reads counted. */
  async function rerun(args: string[], withKey = true): Promise<Reads> {
    box = createSandbox("linux");
    const first = await runInProcess(["setup", "--yes"], env());
    expect(first.exitCode, first.stderr).toBe(0);
    const reads = newReads();
    const run = await runInProcess(["setup", ...args], env(withKey), { fs: countingReads(reads) });
    expect(run.exitCode, run.stderr).toBe(0);
    return reads;
  }

  const ownFiles = () => {
    const p = box!.paths;
    return [p.entry, p.meta, `${p.stateDir}/state.json`, p.rootConfig1p, p.rootConfig3p];
  };

  it("a dry run: the entry, _meta.json, state.json and both root configs once each", async () => {
    const reads = await rerun(["--dry-run", "--yes", "--models", "anthropic/claude-opus-4.1"]);
    expect(reads.wrote).toBe(false);
    for (const path of ownFiles()) expect([path, reads.beforeWrite.get(path)]).toEqual([path, 1]);
  });

  it("a dry run that plans a sign-in (an earlier sign-in looked up in the entry and state.json): once each", async () => {
    // --login on a machine whose entry holds a key: the key, the sign-in record and the plan.
    const reads = await rerun(["--dry-run", "--yes", "--login"], false);
    for (const path of ownFiles()) expect([path, reads.beforeWrite.get(path)]).toEqual([path, 1]);
  });

  it("a rerun that writes and keeps the entry's key: once each before the lock", async () => {
    const reads = await rerun(["--yes", "--no-restart", "--models", "anthropic/claude-opus-4.1"], false);
    expect(reads.wrote).toBe(true);
    const { entry, meta, stateDir } = box!.paths;
    for (const path of [entry, meta, `${stateDir}/state.json`]) expect([path, reads.beforeWrite.get(path)]).toEqual([path, 1]);
  });
});
