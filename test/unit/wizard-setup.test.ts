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
import { countingReads, newReads } from "../helpers/read-count.js";
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

  it("a rerun with the wizard reads our entry, _meta.json and state.json once each", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const first = await runInProcess(["setup", "--yes", "--discover-models", "--egress", "none"], {
      ...box.env,
      OPENROUTER_API_KEY: TEST_KEY,
    });
    expect(first.exitCode).toBe(0);
    const reads = newReads();
    // What was found, the current key offered, the entry's choices, the key's place, the plan.
    const run = runInProcess(["setup", "--dry-run", "--discover-models", "--egress", "none"], box.env, {
      ...interactive,
      fs: countingReads(reads),
    });
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ Keep the current key/);
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(reads.wrote).toBe(false);
    const { entry, meta, stateDir } = box.paths;
    for (const path of [entry, meta, join(stateDir, "state.json")]) expect([path, reads.beforeWrite.get(path)]).toEqual([path, 1]);
  });

  it("--login in the wizard: the cap is asked, the plan names the key, and sign-in comes only after the confirmation", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const env = { ...box.env, BROWSER: followerBrowser(join(box.dir, "visits.jsonl")) };
    const run = runInProcess(["setup", "--login", "--discover-models", "--egress", "none"], env, interactive);
    await screen.next();
    expect(screen.getScreen()).toContain("Spending cap for the new key in US dollars");
    screen.type("7");
    screen.keypress("enter");
    await screen.next();
    screen.keypress("enter"); // a month
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    // Planned, not done: OpenRouter has not been asked for a key.
    expect(fake.requests.filter((q) => q.path === "/auth" || q.path === "/api/v1/auth/keys")).toHaveLength(0);
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /Sign-in will create a key named "Claude Desktop on .+ \(claude-desktop-openrouter\)" on your OpenRouter account, capped at \$7 a month/,
    );
    const auth = fake.requests.find((q) => q.path === "/auth");
    expect(auth?.query.get("key_label")).toMatch(/^Claude Desktop on .+ \(claude-desktop-openrouter\)$/);
    expect(auth?.query.get("limit")).toBe("7");
    expect(auth?.query.get("usage_limit_type")).toBe("monthly");
    expect(fake.requests.filter((q) => q.path === "/api/v1/auth/keys")).toHaveLength(1);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
    expect(r.stdout).toMatch(/The key was created by signing in with OpenRouter \(Claude Desktop on .+\)/);
    expect(r.stdout).toContain("https://openrouter.ai/settings/keys");
  });

  it("a rerun keeps every choice: Enter through the wizard after a custom setup plans nothing", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const keyFile = join(box.dir, "key.txt");
    box.write(keyFile, `${TEST_KEY}\n`);
    const custom = ["--models", "anthropic/claude-haiku-4.5,anthropic/claude-opus-4.1", "--egress", "example.com,api.example.org"];
    const first = await runInProcess(
      ["setup", "--yes", "--api-key-file", keyFile, ...custom, "--name", "Work", "--no-pricing", "--no-attribution"],
      box.env,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const before = box.read(box.paths.entry);
    const run = runInProcess(["setup"], box.env, interactive);
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ Keep the current key/);
    screen.keypress("enter");
    await screen.next();
    screen.keypress("enter"); // name the models now
    await screen.next();
    expect(screen.getScreen()).toMatch(/◉ anthropic\/claude-haiku-4\.5/);
    expect(screen.getScreen()).toMatch(/◉ anthropic\/claude-opus-4\.1/);
    expect(screen.getScreen()).toMatch(/◯ anthropic\/claude-sonnet-4\.5/);
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ anthropic\/claude-haiku-4\.5/);
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ Keep the current list exactly as it is/);
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Already set up: nothing to change.");
    expect(box.read(box.paths.entry)).toBe(before);
    // And without the wizard: --yes with no key keeps the current key and every choice.
    const again = await runInProcess(["setup", "--yes", "--json"], box.env);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json<{ changed: boolean; files: unknown[] }>()).toMatchObject({ changed: false, files: [] });
    const models = await runInProcess(["setup", "--models", "anthropic/claude-opus-4.1", "--yes"], box.env);
    expect(models.exitCode, models.stderr).toBe(0);
    const entry = box.readJson<Record<string, unknown>>(box.paths.entry);
    expect(entry.inferenceGatewayApiKey).toBe(TEST_KEY);
    expect(entry.coworkEgressAllowedHosts).toEqual(["example.com", "api.example.org"]);
  });
});
