// The wizard's steps one by one, with real inquirer prompts on a virtual screen (@inquirer/testing).
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Report } from "../../src/render/report.js";
import { DEV_HOSTS } from "../../src/config/egress.js";
import { confirmAllowAll, egressStep } from "../../src/wizard/egress-step.js";
import { found, header } from "../../src/wizard/intro.js";
import { keyStep } from "../../src/wizard/key-step.js";
import { modelsStep, offlineModelsStep } from "../../src/wizard/models-step.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture, OTHER_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { scriptPrompts, stepContext, type PromptScript } from "../helpers/prompt-script.js";
import { createSandbox, ENTRY_ID, type Sandbox } from "../helpers/sandbox.js";
import { assertNoSecret } from "../helpers/secrets.js";
import { resolveTargets } from "../../src/config/targets.js";

const fake = useFakeOpenRouter();
let box: Sandbox;

afterEach(() => {
  box?.cleanup();
  fake.reset();
});

async function setup(extra: Record<string, string> = {}, lang: "en" | "zh-CN" = "en") {
  box = createSandbox("linux", extra);
  const { ctx, stdout, stderr } = await stepContext(box.env, fake.apiUrl, lang);
  const script = scriptPrompts(ctx);
  const report = new Report(ctx);
  return { ctx, stdout, stderr, script, report, io: { ctx, report, prompts: script.prompts } };
}

/** Every screen every prompt drew, raw and interpreted, must be free of the key. */
async function assertScreensClean(script: PromptScript): Promise<void> {
  for (const r of script.all) {
    assertNoSecret(r.getScreen({ raw: true }), "prompt screen");
    assertNoSecret(await r.getFullOutput({ raw: true }), "prompt output");
  }
}

describe("wizard: header and what was found", () => {
  it("says nothing is written before confirmation, and names the state of the machine", async () => {
    const { ctx, stderr } = await setup();
    header(ctx);
    await found(ctx, await resolveTargets(ctx), []);
    expect(stderr.text).toContain("Nothing is written before you confirm.");
    expect(stderr.text).toContain("Ctrl-C");
    expect(stderr.text).toMatch(/Platform\s+Linux/);
    expect(stderr.text).toMatch(/Claude Desktop\s+not found/);
    expect(stderr.text).toContain(box.paths.dataDir);
    expect(stderr.text).toContain("none yet: it will be created and applied");
  });

  it("names another tool's applied entry, and our own when present", async () => {
    const { ctx, stderr } = await setup();
    const other = "11111111-2222-4333-8444-555555555555";
    box.write(box.paths.meta, {
      appliedId: other,
      entries: [
        { id: other, name: "LiteLLM" },
        { id: ENTRY_ID, name: "OpenRouter" },
      ],
    });
    box.write(`${box.paths.libDir}/${other}.json`, { inferenceProvider: "gateway" });
    await found(ctx, await resolveTargets(ctx), [{ path: "/opt/Claude/claude", version: "1.2.3", kind: "linux-package" } as never]);
    expect(stderr.text).toContain("/opt/Claude/claude (1.2.3)");
    expect(stderr.text).toContain('"OpenRouter" exists but is not applied');
    expect(stderr.text).toContain('another entry, "LiteLLM"');
  });

  it.each([
    ["darwin", "macOS"],
    ["win32", "Windows"],
  ] as const)("names the platform %s as people do: %s", async (platform, name) => {
    box = createSandbox(platform);
    const { ctx, stderr } = await stepContext(box.env, fake.apiUrl, "en");
    await found(ctx, await resolveTargets(ctx), []);
    expect(stderr.text).toMatch(new RegExp(`Platform\\s+${name}\n`));
    expect(stderr.text).not.toMatch(new RegExp(`Platform\\s+${platform}`));
  });

  it("in Chinese", async () => {
    const { ctx, stderr } = await setup({}, "zh-CN");
    header(ctx);
    expect(stderr.text).toContain("在你确认之前不会写入任何内容");
  });
});

describe("wizard: the key", () => {
  it("offers OPENROUTER_API_KEY masked, then shows what the check found", async () => {
    const { io, script, stderr } = await setup({ OPENROUTER_API_KEY: TEST_KEY });
    const done = keyStep(io);
    const confirm = await script.next();
    expect(confirm.getScreen()).toContain("Use the key in OPENROUTER_API_KEY (sk-or-v1-012...cdef)? (Y/n)");
    confirm.events.keypress("enter");
    const { key, info } = await done;
    expect(key.source).toBe("env");
    expect(key.key).toBe(TEST_KEY);
    expect(info?.label).toBe("sk-or-v1-0e6...1c96");
    expect(stderr.text).toContain("OpenRouter accepted the key.");
    expect(stderr.text).toMatch(/Key\s+sk-or-v1-0e6\.\.\.1c96/);
    expect(stderr.text).toMatch(/Spending cap\s+\$100\.00 \(resets: monthly\)/);
    expect(stderr.text).toMatch(/Remaining\s+\$74\.50/);
    expect(stderr.text).toMatch(/Free tier\s+no/);
    expect(stderr.text).toMatch(/Expires\s+never/);
    assertNoSecret(stderr.text, "stderr");
    await assertScreensClean(script);
  });

  it("a refused connection is handled like a rejected key: nothing written, try again, another key or stop", async () => {
    box = createSandbox("linux", { OPENROUTER_API_KEY: TEST_KEY });
    // Nothing listens on port 9 of the loopback: the connection is refused.
    const { ctx, stderr } = await stepContext(box.env, "http://127.0.0.1:9/api/v1", "en");
    const script = scriptPrompts(ctx);
    const done = keyStep({ ctx, report: new Report(ctx), prompts: script.prompts });
    const failure = done.catch((error: unknown) => error);
    (await script.next()).events.keypress("enter"); // use the key in OPENROUTER_API_KEY
    const what = await script.next();
    expect(stderr.text).toContain("refused");
    expect(stderr.text).toContain("Nothing was written");
    expect(stderr.text).toContain("--skip-key-check");
    for (const choice of ["Try again", "Connect with another key", "Stop (nothing is written)"]) expect(what.getScreen()).toContain(choice);
    what.events.keypress("enter"); // try again: refused again, asked again
    const again = await script.next();
    expect(again.getScreen()).toContain("Try again");
    again.events.keypress("up"); // round to the last choice: stop
    again.events.keypress("enter");
    expect(await failure).toMatchObject({ code: "network.refused" });
    expect(existsSync(box.paths.dataDir)).toBe(false);
  });

  it("a spending cap used up is said after the key was accepted, not before", async () => {
    const key = fixture("key.ok.capped.json") as { data: Record<string, unknown> };
    fake.routes["GET /api/v1/key"] = { body: { data: { ...key.data, usage: 100, limit_remaining: 0 } } };
    const { io, script, stderr } = await setup({ OPENROUTER_API_KEY: TEST_KEY });
    const done = keyStep(io);
    (await script.next()).events.keypress("enter");
    await done;
    const accepted = stderr.text.indexOf("OpenRouter accepted the key.");
    const capped = stderr.text.indexOf("spending cap is used up");
    expect(accepted).toBeGreaterThan(-1);
    expect(capped, stderr.text).toBeGreaterThan(accepted);
  });

  it("OpenRouter's label and reset period are shown without control characters", async () => {
    const hostile = "\u001b[2J\u001b]0;pwned\u0007\u009b2J\u202E";
    const key = fixture("key.ok.capped.json") as { data: Record<string, unknown> };
    fake.routes["GET /api/v1/key"] = { body: { data: { ...key.data, label: `lab${hostile}el`, limit_reset: `week${hostile}ly` } } };
    const { io, script, stderr } = await setup({ OPENROUTER_API_KEY: TEST_KEY });
    const done = keyStep(io);
    (await script.next()).events.keypress("enter");
    await done;
    expect(stderr.text).toMatch(/Key\s+label/);
    expect(stderr.text).toContain("weekly");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
    expect(stderr.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]|pwned/);
  });

  it("declining the environment key asks how to connect: sign-in first, a pasted key masked, with where keys come from", async () => {
    const { io, script, stderr } = await setup({ OPENROUTER_API_KEY: OTHER_KEY });
    const done = keyStep(io);
    const confirm = await script.next();
    confirm.events.type("n");
    confirm.events.keypress("enter");
    const how = await script.next();
    const choices = how.getScreen();
    expect(choices).toContain("How do you want to connect to OpenRouter?");
    expect(choices).toMatch(/❯ Sign in with OpenRouter in your browser \(recommended\)/);
    expect(choices.indexOf("Sign in with OpenRouter")).toBeLessThan(choices.indexOf("Paste an existing key"));
    expect(choices).not.toContain("Keep the current key");
    how.events.keypress("down");
    how.events.keypress("down");
    how.events.keypress("enter");
    const password = await script.next();
    // The link and how to make a key, before the first character is typed.
    expect(stderr.text).toContain("Keys are made at https://openrouter.ai/settings/keys");
    password.events.type(TEST_KEY);
    expect(password.getScreen()).toContain("*".repeat(TEST_KEY.length));
    // No way to reveal it: no toggle shortcut.
    password.events.keypress({ name: "t", ctrl: true });
    expect(password.getScreen()).toContain("*".repeat(TEST_KEY.length));
    expect(password.getScreen()).not.toContain("toggle");
    password.events.keypress("enter");
    expect((await done).key.source).toBe("prompt");
    await assertScreensClean(script);
  });

  it("explains a wrong-shaped key in words for the prompt, clears the field, and re-asks after a rejected key", async () => {
    const { io, script, stderr } = await setup();
    const done = keyStep(io);
    const how = await script.next();
    how.events.keypress("up"); // wraps to the last choice: paste
    how.events.keypress("enter");
    const first = await script.next();
    expect(first.getScreen()).toContain("OpenRouter API key");
    first.events.type("sk-ant-api03-abcdefabcdefabcdefabcdef");
    first.events.keypress("enter");
    await first.nextRender();
    const refused = first.getScreen();
    expect(refused).toContain("This is an Anthropic API key");
    expect(refused).toContain("https://openrouter.ai/settings/keys");
    expect(refused).toContain("paste it here");
    expect(refused).not.toContain("pass it again");
    expect(refused).not.toContain("*");
    expect(fake.requests).toHaveLength(0);
    // New typing starts from an empty field: nothing of the refused text is kept.
    first.events.type(OTHER_KEY); // well-shaped, but the fake does not know it: 401
    expect(first.getScreen()).toMatch(new RegExp(`: \\*{${OTHER_KEY.length}}(\\s|$)`));
    first.events.keypress("enter");
    const again = await script.next();
    expect(stderr.text).toContain(
      'OpenRouter rejected the key: it is unknown to OpenRouter, or was deleted or disabled (OpenRouter said: "User not found.").',
    );
    expect(stderr.text).toContain("https://openrouter.ai/settings/keys");
    expect(again.getScreen()).toContain("Connect with another key?");
    again.events.keypress("enter");
    const howAgain = await script.next();
    howAgain.events.keypress("up");
    howAgain.events.keypress("enter");
    const second = await script.next();
    second.events.type(` ${TEST_KEY} `);
    second.events.keypress("enter");
    const { key, info } = await done;
    expect(key.key).toBe(TEST_KEY);
    expect(info).not.toBeNull();
    expect(fake.requests.filter((q) => q.path === "/api/v1/key")).toHaveLength(2);
    assertNoSecret(stderr.text, "stderr");
    await assertScreensClean(script);
  });

  it("a rejected key the user does not replace is exit 3", async () => {
    const { io, script } = await setup();
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.management.json") };
    const done = keyStep(io);
    const how = await script.next();
    how.events.keypress("up");
    how.events.keypress("enter");
    const password = await script.next();
    password.events.type(TEST_KEY);
    password.events.keypress("enter");
    const again = await script.next();
    again.events.type("n");
    again.events.keypress("enter");
    await expect(done).rejects.toMatchObject({ code: "key.management", exitCode: 3 });
  });

  it("keeps the key already configured by default, checked with OpenRouter again", async () => {
    const { io, script, stderr } = await setup();
    const done = keyStep(io, { currentKey: TEST_KEY });
    const how = await script.next();
    expect(how.getScreen()).toMatch(/❯ Keep the current key \(sk-or-v1-012\.\.\.cdef\)/);
    how.events.keypress("enter");
    const { key, info } = await done;
    expect(key).toMatchObject({ key: TEST_KEY, source: "config" });
    expect(info?.label).toBe("sk-or-v1-0e6...1c96");
    const checks = fake.requests.filter((q) => q.path === "/api/v1/key");
    expect(checks.map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_KEY}`]);
    expect(stderr.text).toContain("OpenRouter accepted the key.");
  });

  it("a kept key OpenRouter now rejects: says so, and keeping it is no longer offered", async () => {
    const { io, script, stderr } = await setup();
    const done = keyStep(io, { currentKey: OTHER_KEY });
    (await script.next()).events.keypress("enter");
    const again = await script.next();
    expect(stderr.text).toContain(
      'OpenRouter rejected the key: it is unknown to OpenRouter, or was deleted or disabled (OpenRouter said: "User not found.").',
    );
    again.events.keypress("enter");
    const how = await script.next();
    expect(how.getScreen()).not.toContain("Keep the current key");
    how.events.keypress({ name: "c", ctrl: true });
    await expect(done).rejects.toMatchObject({ name: "ExitPromptError" });
  });

  it("choosing sign-in in the browser (the recommended choice) creates no key: it asks for a cap and leaves the sign-in for after the confirmation", async () => {
    const { io, script, stderr } = await setup();
    const done = keyStep(io);
    (await script.next()).events.keypress("enter");
    const cap = await script.next();
    expect(cap.getScreen()).toContain("Spending cap for the new key in US dollars (empty: no cap):");
    cap.events.type("20");
    cap.events.keypress("enter");
    const reset = await script.next();
    expect(reset.getScreen()).toContain("a month");
    reset.events.keypress("down");
    reset.events.keypress("enter");
    const { key, info } = await done;
    expect(key).toMatchObject({ source: "login", signIn: { browser: true, limit: 20, reset: "weekly" } });
    expect(info).toBeNull();
    // Nothing was asked of OpenRouter: no sign-in page, no key.
    expect(fake.requests).toHaveLength(0);
    expect(stderr.text).not.toContain("Open this page");
    await assertScreensClean(script);
  });

  it("signing in from another device is chosen the same way; an empty cap is no cap", async () => {
    const { io, script } = await setup();
    const done = keyStep(io);
    const how = await script.next();
    how.events.keypress("down");
    how.events.keypress("enter");
    (await script.next()).events.keypress("enter");
    expect((await done).key).toMatchObject({ source: "login", signIn: { browser: false } });
    expect((await done).key.signIn?.limit).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it("--login chooses sign-in without asking how (the cap from --key-limit), and --no-browser takes the browser choice away", async () => {
    const { io, script } = await setup();
    const chosen = await keyStep(io, { login: true, cap: { limit: 5, reset: "daily" } });
    expect(chosen.key).toMatchObject({ source: "login", signIn: { browser: true, limit: 5, reset: "daily" } });
    expect(script.all).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
    const done = keyStep(io, { browser: false, currentKey: TEST_KEY });
    const how = await script.next();
    expect(how.getScreen()).not.toContain("in your browser");
    expect(how.getScreen()).toContain("Sign in from another device");
    how.events.keypress({ name: "c", ctrl: true });
    await expect(done).rejects.toMatchObject({ name: "ExitPromptError" });
  });

  it("free tier and an exhausted cap are shown as warnings", async () => {
    const { io, script, stderr } = await setup({ OPENROUTER_API_KEY: TEST_KEY });
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.exhausted.json") };
    const done = keyStep(io);
    (await script.next()).events.keypress("enter");
    await done;
    expect(stderr.text).toContain("spending cap is used up");
    expect(stderr.text).toMatch(/Remaining\s+\$0\.00/);
    expect(stderr.text).toMatch(/Expires\s+2026-12-31/);
  });

  it("Ctrl-C at the first question rejects with ExitPromptError", async () => {
    const { io, script } = await setup();
    const done = keyStep(io);
    const how = await script.next();
    how.events.keypress({ name: "c", ctrl: true });
    await expect(done).rejects.toMatchObject({ name: "ExitPromptError" });
  });

  it("yes/no questions show their default in Chinese too", async () => {
    const { io, script } = await setup({ OPENROUTER_API_KEY: TEST_KEY }, "zh-CN");
    const done = keyStep(io);
    const confirm = await script.next();
    expect(confirm.getScreen()).toContain("(是/否，默认：是)");
    confirm.events.keypress("enter");
    await done;
    const all = confirmAllowAll(io);
    const risky = await script.next();
    expect(risky.getScreen()).toContain("(是/否，默认：否)");
    risky.events.keypress("enter");
    expect(await all).toBe(false);
  });
});

describe("wizard: models", () => {
  it("multi-select newest first with context and $/M prices, newest Opus/Sonnet/Haiku checked, Sonnet default", async () => {
    const { io, script } = await setup();
    const done = modelsStep(io, TEST_KEY);
    const how = await script.next();
    expect(how.getScreen()).toContain("Choose the models now (recommended)");
    expect(how.getScreen()).toContain("Let Claude Desktop discover the models");
    how.events.keypress("enter");
    const pick = await script.next();
    const screen = pick.getScreen();
    const order = ["claude-haiku-4.5", "claude-sonnet-4.5", "claude-opus-4.1", "claude-3.7-sonnet"].map((id) =>
      screen.indexOf(`anthropic/${id}`),
    );
    expect(order.every((pos) => pos >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(screen).toMatch(/◉ anthropic\/claude-haiku-4\.5\s+200K context\s+\$1 \/ \$5 per M/);
    expect(screen).toMatch(/◉ anthropic\/claude-sonnet-4\.5\s+1M context\s+\$3 \/ \$15 per M/);
    expect(screen).toMatch(/◉ anthropic\/claude-opus-4\.1\s+200K context\s+\$15 \/ \$75 per M/);
    expect(screen).toMatch(/◯ anthropic\/claude-3\.7-sonnet .*retiring 2026-12-15/);
    expect(screen).not.toContain("gpt-4o");
    expect(screen).not.toContain(":thinking");
    pick.events.keypress("enter");
    const def = await script.next();
    expect(def.getScreen()).toMatch(/❯ anthropic\/claude-sonnet-4\.5/);
    // The names line up in one column whatever the id's length.
    const nameColumns = def
      .getScreen()
      .split("\n")
      .filter((line) => line.includes("anthropic/claude-"))
      .map((line) => line.indexOf("Anthropic: "));
    expect(nameColumns).toHaveLength(3);
    expect(new Set(nameColumns).size).toBe(1);
    def.events.keypress("enter");
    expect(await done).toEqual([
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      { name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haiku" },
      { name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus" },
    ]);
  });

  it("another default and a smaller set", async () => {
    const { io, script } = await setup();
    const done = modelsStep(io, TEST_KEY);
    (await script.next()).events.keypress("enter");
    const pick = await script.next();
    pick.events.keypress("space"); // haiku off
    pick.events.keypress("down");
    pick.events.keypress("down");
    pick.events.keypress("enter");
    const def = await script.next();
    def.events.keypress("down"); // sonnet → opus
    def.events.keypress("enter");
    expect(await done).toEqual([
      { name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus", isFamilyDefault: true },
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet" },
    ]);
  });

  it("refuses an empty selection", async () => {
    const { io, script } = await setup();
    const done = modelsStep(io, TEST_KEY);
    (await script.next()).events.keypress("enter");
    const pick = await script.next();
    pick.events.keypress("down");
    pick.events.keypress("space");
    pick.events.keypress("down");
    pick.events.keypress("space");
    pick.events.keypress("up");
    pick.events.keypress("up");
    pick.events.keypress("space");
    pick.events.keypress("enter");
    await pick.nextRender();
    expect(pick.getScreen()).toContain("Choose at least one model");
    pick.events.keypress("space");
    pick.events.keypress("enter");
    expect(await done).toEqual([{ name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haiku", isFamilyDefault: true }]);
  });

  it("notes the models this key's account cannot reach (/v1/models/user)", async () => {
    const { io, script, stderr } = await setup();
    const all = fixture("models.openrouter.json") as { data: { id: string }[] };
    fake.routes["GET /api/v1/models/user"] = { body: { data: all.data.filter((m) => m.id !== "anthropic/claude-opus-4.1") } };
    const done = modelsStep(io, TEST_KEY);
    (await script.next()).events.keypress("enter");
    const pick = await script.next();
    expect(stderr.text).toContain("hide 1 of these models from this key (anthropic/claude-opus-4.1)");
    expect(stderr.text).toContain("https://openrouter.ai/settings/privacy");
    expect(pick.getScreen()).toMatch(/claude-opus-4\.1 .*not available to this key/);
    pick.events.keypress("enter");
    (await script.next()).events.keypress("enter");
    await done;
  });

  it("lets Claude Desktop discover the models instead", async () => {
    const { io, script, report } = await setup();
    const done = modelsStep(io, TEST_KEY);
    const how = await script.next();
    how.events.keypress("down");
    how.events.keypress("enter");
    expect(await done).toBeNull();
    expect(report.warnings.map((w) => w.code)).toEqual(["models.discovery"]);
  });

  it("without the key check: discovery, or typed ids in order without repeats, none of them fetched", async () => {
    const { io, script, report } = await setup();
    const before = fake.requests.length;
    const discover = offlineModelsStep(io);
    const how = await script.next();
    expect(how.getScreen()).toContain("Type the model ids");
    how.events.keypress("down");
    how.events.keypress("enter");
    expect(await discover).toBeNull();
    expect(report.warnings.map((w) => w.code)).toEqual(["models.discovery"]);
    const typed = offlineModelsStep(io);
    (await script.next()).events.keypress("enter");
    const input = await script.next();
    input.events.keypress("enter");
    await input.nextRender();
    expect(input.getScreen()).toContain("Type at least one model id.");
    input.events.type("anthropic/claude-haiku-4.5 anthropic/claude-opus-4.1,anthropic/claude-haiku-4.5");
    input.events.keypress("enter");
    expect(await typed).toEqual([
      { name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haiku", isFamilyDefault: true },
      { name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus" },
    ]);
    expect(fake.requests.length).toBe(before);
  });

  it("translates the picker and its key help in Chinese", async () => {
    const { io, script } = await setup({}, "zh-CN");
    const done = modelsStep(io, TEST_KEY);
    (await script.next()).events.keypress("enter");
    const pick = await script.next();
    expect(pick.getScreen()).toContain("上下文 1M");
    expect(pick.getScreen()).toContain("空格");
    expect(pick.getScreen()).toContain("选择");
    pick.events.keypress("enter");
    (await script.next()).events.keypress("enter");
    await done;
  });
});

describe("wizard: egress", () => {
  it("dev preset by default, its hosts shown", async () => {
    const { io, script } = await setup();
    const done = egressStep(io);
    const sel = await script.next();
    expect(sel.getScreen()).toContain("registry.npmjs.org");
    expect(sel.getScreen()).toContain("*.githubusercontent.com");
    sel.events.keypress("enter");
    expect(await done).toEqual({ hosts: [...DEV_HOSTS], allowAll: false });
  });

  it("none", async () => {
    const { io, script } = await setup();
    const done = egressStep(io);
    const sel = await script.next();
    sel.events.keypress("down");
    sel.events.keypress("enter");
    expect(await done).toEqual({ hosts: [], allowAll: false });
  });

  it("all needs a confirmation that names the sandbox; declining goes back; custom hosts are validated", async () => {
    const { io, script, stderr } = await setup();
    const done = egressStep(io);
    const sel = await script.next();
    sel.events.keypress("down");
    sel.events.keypress("down");
    sel.events.keypress("enter");
    const confirm = await script.next();
    expect(stderr.text).toContain("turns Claude Desktop's network sandbox off");
    expect(confirm.getScreen()).toContain("Really allow every host? (y/N)");
    confirm.events.keypress("enter");
    const sel2 = await script.next();
    for (let i = 0; i < 3; i++) sel2.events.keypress("down");
    sel2.events.keypress("enter");
    const input = await script.next();
    input.events.type("https://example.com/path");
    input.events.keypress("enter");
    await input.nextRender();
    expect(input.getScreen()).toContain('"https://example.com/path" is not an egress host Claude Desktop accepts: no scheme allowed');
    for (let i = 0; i < 30; i++) input.events.keypress("backspace");
    input.events.type("Example.com, *.example.org api.internal.test");
    input.events.keypress("enter");
    expect(await done).toEqual({ hosts: ["example.com", "*.example.org", "api.internal.test"], allowAll: false });
  });

  it("a port is accepted, as Claude Desktop accepts it, and the words say so", async () => {
    const { io, script } = await setup();
    const done = egressStep(io);
    const sel = await script.next();
    for (let i = 0; i < 3; i++) sel.events.keypress("down"); // custom
    sel.events.keypress("enter");
    const input = await script.next();
    input.events.type("https://internal.corp:8443");
    input.events.keypress("enter");
    await input.nextRender();
    // The hint under the refusal allows what the rule allows.
    expect(input.getScreen()).toContain("with a port if you need one");
    expect(input.getScreen()).not.toContain("without scheme, path or port");
    for (let i = 0; i < 30; i++) input.events.keypress("backspace");
    input.events.type("internal.corp:8443");
    input.events.keypress("enter");
    expect(await done).toEqual({ hosts: ["internal.corp:8443"], allowAll: false });
  });

  it("all, confirmed", async () => {
    const { io, script } = await setup();
    const done = egressStep(io);
    const sel = await script.next();
    sel.events.keypress("down");
    sel.events.keypress("down");
    sel.events.keypress("enter");
    const confirm = await script.next();
    confirm.events.type("y");
    confirm.events.keypress("enter");
    expect(await done).toEqual({ hosts: ["*"], allowAll: true });
  });
});
