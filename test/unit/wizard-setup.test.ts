// The whole `setup` command with the wizard, in process, prompts on @inquirer/testing's screen:
// options given on the command line skip their question; declining the write is 130.
import { screen, wrapPrompt } from "@inquirer/testing/vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { SIGN_IN_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { followerBrowser } from "../helpers/sign-in.js";
import { interactive, runInProcess } from "../helpers/in-process.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";
import { assertNoSecret } from "../helpers/secrets.js";

// The masked prompt is the tool's own: it draws on the same test screen as inquirer's.
vi.mock("../../src/wizard/secret-prompt.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/wizard/secret-prompt.js")>();
  return { ...actual, secretPrompt: wrapPrompt(actual.secretPrompt) };
});

const fake = useFakeOpenRouter();
let box: Sandbox | undefined;
afterEach(() => {
  box?.cleanup();
  box = undefined;
});

describe("setup with the wizard", () => {
  it("--models and --egress all skip their questions; all still asks for confirmation", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
    const run = runInProcess(["setup", "--models", "anthropic/claude-opus-4.1", "--egress", "all"], box.env, interactive);
    await screen.next();
    expect(screen.getScreen()).toContain("Use the key in OPENROUTER_API_KEY (sk-or-v1-012...cdef)?");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Really allow every host?");
    screen.type("y");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("Nothing is written before you confirm.");
    const entry = box.readJson<Record<string, unknown>>(box.paths.entry);
    expect(entry.coworkEgressAllowedHosts).toEqual(["*"]);
    expect(entry.inferenceModels).toEqual([
      { name: "anthropic/claude-opus-4.1", labelOverride: "Claude Opus 4.1", anthropicFamilyTier: "opus", isFamilyDefault: true },
    ]);
    assertNoSecret(await screen.getFullOutput({ raw: true }), "prompt screen");
  });

  it("declining the write is exit 130 with nothing written", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
    const run = runInProcess(["setup", "--discover-models", "--egress", "none"], box.env, interactive);
    await screen.next();
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.type("n");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain("Cancelled: nothing was written.");
    expect(existsSync(box.paths.entry)).toBe(false);
  });

  it("--skip-key-check: no request at all; the model ids are typed (a non-Claude id is refused on the spot)", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
    const requestsBefore = fake.requests.length;
    const run = runInProcess(["setup", "--skip-key-check", "--egress", "none"], box.env, interactive);
    await screen.next();
    screen.keypress("enter"); // use the key from the environment
    await screen.next();
    expect(screen.getScreen()).toContain("there is no model list to choose from");
    expect(screen.getScreen()).toContain("Let Claude Desktop discover the models");
    screen.keypress("enter"); // type the ids
    await screen.next();
    screen.type("openai/gpt-4o");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain('"openai/gpt-4o" is not a Claude model name');
    for (let i = 0; i < "openai/gpt-4o".length; i++) screen.keypress("backspace");
    screen.type("anthropic/claude-sonnet-4.5, anthropic/claude-haiku-4.5");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fake.requests.length).toBe(requestsBefore);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceModels).toEqual([
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      { name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haiku" },
    ]);
  });

  it("our entry already holds a key: keeping it is the default, it is checked again, and nothing else is asked", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const first = await runInProcess(["setup", "--yes", "--discover-models", "--egress", "none"], {
      ...box.env,
      OPENROUTER_API_KEY: TEST_KEY,
    });
    expect(first.exitCode).toBe(0);
    fake.reset();
    const run = runInProcess(["setup", "--discover-models", "--egress", "none"], box.env, interactive);
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ Keep the current key \(sk-or-v1-012\.\.\.cdef\)/);
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Already set up: nothing to change.");
    expect(fake.requests.filter((q) => q.path === "/api/v1/key").map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_KEY}`]);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(TEST_KEY);
  });

  it("--login in the wizard: no key question, the minted key is written, the summary says where it came from", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const env = { ...box.env, BROWSER: followerBrowser(join(box.dir, "visits.jsonl")) };
    const run = runInProcess(["setup", "--login", "--discover-models", "--egress", "none"], env, interactive);
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
    expect(r.stdout).toContain("The key was created by signing in with OpenRouter (sk-or-v1-0e6...1c96)");
    expect(r.stdout).toContain("Set a spending limit for it at https://openrouter.ai/settings/keys");
  });
});
