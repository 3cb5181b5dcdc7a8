// show, status, revert --list and export's summary at 60 columns: every line the tool prints for
// people fits, and each row of a table is one line (the least important column cut first).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/render/style.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { expectKeyIn, TEST_KEY, useSandboxes } from "../helpers/sandbox.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();

const WIDTH = 60;
const MODELS = ["--models", "anthropic/claude-sonnet-4.5,anthropic/claude-opus-4.1"];

/**
 * Every line of both streams fits in WIDTH cells, but for a URL longer than the room left (never
 * broken: it gets a line of its own), and no amount was cut ("$0.…").
 */
function expectFits(run: { stdout: string; stderr: string }): void {
  for (const line of `${run.stdout}\n${run.stderr}`.split("\n")) {
    if (/^ *https:\/\/\S+$/.test(line)) continue;
    expect(displayWidth(line), line).toBeLessThanOrEqual(WIDTH);
    expect(line).not.toMatch(/\$\d[\d.,]*…/);
  }
}

async function setUp() {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const env = { ...box.env, OPENROUTER_API_KEY: TEST_KEY, COLUMNS: String(WIDTH) };
  const setup = await runInProcess(["setup", "--yes", "--no-restart", ...MODELS], env);
  expect(setup.exitCode, setup.stderr).toBe(0);
  return { box, env };
}

describe(`at ${WIDTH} columns`, () => {
  it("show fits, each model and price row on one line", async () => {
    const { env } = await setUp();
    const run = await runInProcess(["show"], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expectFits(run);
    for (const id of ["anthropic/claude-sonnet-4.5", "anthropic/claude-opus-4.1"])
      expect(run.stdout.split("\n").filter((l) => l.trimStart().startsWith(id)).length, run.stdout).toBe(2);
  });

  it("status fits", async () => {
    const { env } = await setUp();
    const run = await runInProcess(["status"], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expectFits(run);
  });

  it("revert --list fits, one line per backup", async () => {
    const { env } = await setUp();
    expect((await runInProcess(["setup", "--yes", "--no-restart", "--models", "anthropic/claude-opus-4.1"], env)).exitCode).toBe(0);
    const run = await runInProcess(["revert", "--list"], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expectFits(run);
    // Two backup sets, two lines, each naming its command.
    const rows = run.stdout.trimEnd().split("\n");
    expect(rows, run.stdout).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/-setup-\w+ +setup +\d+ files$/);
  });

  it("export's summary fits", async () => {
    const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const env = { ...box.env, OPENROUTER_API_KEY: TEST_KEY, COLUMNS: String(WIDTH) };
    const run = await runInProcess(["export", "--format", "reg", "--out", expectKeyIn(join(box.dir, "claude.reg")), ...MODELS], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expectFits(run);
    expect(run.stdout).toContain("anthropic/claude-opus-4.1");
  });
});
