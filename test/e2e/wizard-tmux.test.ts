// The built CLI in a real terminal (tmux on a private socket), driven from the first prompt to the
// written files, in English and in Chinese, against the loopback fake OpenRouter: the key pasted
// (where keys come from, a refused key cleared, keys typed during a spinner ignored), kept, or
// minted by signing in; the defaults of yes/no questions in Chinese; and Ctrl-C.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenRouter, type FakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture, SIGN_IN_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { BIN, createSandbox, type Sandbox, expectKeyIn } from "../helpers/sandbox.js";
import { assertNoSecret } from "../helpers/secrets.js";
import { followerBrowser } from "../helpers/sign-in.js";
import { en } from "../../src/i18n/en.js";

const TMUX = "/usr/bin/tmux";
const hasTmux = existsSync(TMUX);
const socket = `cdo-wt3-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

let fake: FakeOpenRouter;
let box: Sandbox | undefined;
let session = 0;

function tmux(...args: string[]): string {
  return execFileSync(TMUX, ["-u", "-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
}

/** The whole pane, scrollback included. */
function screen(name: string): string {
  return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", name);
}

async function waitFor(name: string, text: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = screen(name);
    // A string may span the lines the tool wrapped it into (at the terminal's width).
    if (typeof text === "string" ? now.includes(text) || now.replace(/ *\n */g, " ").includes(text) : text.test(now)) return now;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${now}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the built CLI in a new tmux session through a wrapper script that sets the environment. */
function start(b: Sandbox, env: Record<string, string>, args: string[] = [], columns = 120): string {
  const name = `s${++session}`;
  const script = join(b.dir, `${name}.sh`);
  const exports = Object.entries({ ...b.env, ...env, TERM: "xterm-256color" })
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, "'\\''")}'`)
    .join("\n");
  writeFileSync(
    expectKeyIn(script),
    `#!/bin/sh\n${exports}\ncd '${b.dir}'\n'${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(" ")}\necho "__EXIT__ $?"\nsleep 60\n`,
    { mode: 0o700 },
  );
  tmux("new-session", "-d", "-s", name, "-x", String(columns), "-y", "50", `sh '${script}'`);
  return name;
}

function keys(name: string, ...k: string[]): void {
  tmux("send-keys", "-t", name, ...k);
}

function typeText(name: string, text: string): void {
  tmux("send-keys", "-t", name, "-l", text);
}

beforeAll(async () => {
  fake = await startFakeOpenRouter();
});
afterEach(() => {
  box?.cleanup();
  box = undefined;
  fake.reset();
});
afterAll(async () => {
  try {
    if (hasTmux) tmux("kill-server");
  } catch {
    // no server left
  }
  // kill-server leaves the socket file behind.
  rmSync(join(process.env.TMUX_TMPDIR || "/tmp", `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  await fake.close();
});

interface Texts {
  connect: string;
  keepKey: string;
  keysLink: string;
  keyPrompt: string;
  /** The end of the key prompt's message, where the field starts. */
  keyPromptEnd: string;
  anthropicKey: string;
  checking: string;
  accepted: string;
  how: string;
  pick: string;
  defaultModel: string;
  egress: string;
  confirm: string;
  confirmDefault: string;
  done: string;
}

const EN: Texts = {
  connect: "How do you want to connect to OpenRouter?",
  keepKey: "Keep the current key (sk-or-v1-012...cdef)",
  keysLink: "Keys are made at https://openrouter.ai/settings/keys",
  keyPrompt: "OpenRouter API key",
  keyPromptEnd: "(sk-or-v1-…, masked):",
  anthropicKey: "This is an Anthropic API key",
  checking: "Checking the key with OpenRouter",
  accepted: "OpenRouter accepted the key.",
  how: "Models in Claude Desktop's picker",
  pick: "Claude models to offer",
  defaultModel: "Default model",
  egress: "Hosts Claude Desktop's sandbox may reach",
  confirm: "Write these changes?",
  confirmDefault: "Write these changes? (Y/n)",
  done: "Claude Desktop is set up for OpenRouter",
};
const ZH: Texts = {
  connect: "要如何连接 OpenRouter？",
  keepKey: "保留当前密钥（sk-or-v1-012...cdef）",
  keysLink: "密钥在 https://openrouter.ai/settings/keys 创建",
  keyPrompt: "OpenRouter API 密钥",
  keyPromptEnd: "以 * 显示）：",
  anthropicKey: "这是 Anthropic 的 API 密钥",
  checking: "正在向 OpenRouter 检查密钥",
  accepted: "OpenRouter 已接受该密钥。",
  how: "Claude Desktop 模型选择器中的模型",
  pick: "要提供的 Claude 模型",
  defaultModel: "默认模型",
  egress: "Claude Desktop 沙箱可以访问的主机",
  confirm: "写入这些修改吗？",
  confirmDefault: "写入这些修改吗？ (是/否，默认：是)",
  done: "Claude Desktop 已配置为使用 OpenRouter",
};

/**
 * How many `*` the key prompt shows now: what the field holds. Read after the prompt's last
 * occurrence, across the line breaks inquirer puts in long lines (the Chinese message has a `*`).
 */
function maskedLength(screenText: string, prompt: string): number {
  const at = screenText.lastIndexOf(prompt);
  if (at < 0) return 0;
  const rest = screenText.slice(at + prompt.length);
  return (/^[ *\n]*/.exec(rest)?.[0] ?? "").replace(/[^*]/g, "").length;
}

async function waitForMasked(name: string, prompt: string, length: number): Promise<void> {
  await waitFor(name, { test: (text: string) => maskedLength(text, prompt) === length } as RegExp);
}

/**
 * The wizard from its first question to the written files, pasting the key. English also types a
 * wrong key first (refused, the field cleared) and types while the key check's spinner runs;
 * Chinese also looks at the dangerous "all hosts" question, whose default is No.
 */
async function runWizard(lang: Texts, env: Record<string, string>): Promise<string> {
  box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const s = start(box, env);
  await waitFor(s, lang === EN ? "Nothing is written before you confirm" : "在你确认之前不会写入任何内容");
  // Each wait is for the question itself ("? …"): keys sent before it opens are thrown away.
  const first = await waitFor(s, `? ${lang.connect}`);
  expect(first).not.toContain(lang.keepKey);
  keys(s, "Up"); // from the first choice (sign in) round to the last: paste a key
  keys(s, "Enter");
  // The prompt itself (its "? " prefix), not the intro that mentions the key: typing before the
  // prompt owns the terminal would let the tty echo it.
  const prompt = await waitFor(s, `? ${lang.keyPrompt}`);
  // Where keys come from is said with the first prompt, not only after a mistake.
  expect(prompt.indexOf(lang.keysLink)).toBeGreaterThan(-1);
  expect(prompt.indexOf(lang.keysLink)).toBeLessThan(prompt.lastIndexOf(`? ${lang.keyPrompt}`));
  if (lang === EN) {
    typeText(s, "sk-ant-api03-abcdefabcdefabcdefabcdef");
    await waitForMasked(s, lang.keyPromptEnd, 37);
    keys(s, "Enter");
    const refused = await waitFor(s, lang.anthropicKey);
    expect(refused).toContain("paste it here");
    expect(maskedLength(refused, lang.keyPromptEnd)).toBe(0);
    // The key check answers slowly: keys typed during its spinner must go nowhere. (Slowness is
    // the thing here: nothing tells when the tool has read, and thrown away, what was typed.)
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.capped.json"), delayMs: 1500 };
  }
  typeText(s, TEST_KEY);
  await waitForMasked(s, lang.keyPromptEnd, TEST_KEY.length);
  keys(s, "Enter");
  if (lang === EN) {
    await waitFor(s, lang.checking);
    typeText(s, "typed-during-the-spinner");
    keys(s, "Enter");
  }
  await waitFor(s, lang.accepted);
  const asked = await waitFor(s, `? ${lang.how}`);
  if (lang === EN) {
    // Nothing typed during the spinner was echoed, answered this question or froze a spinner line.
    // Keys are read in order: once a Down typed now has moved this question's cursor, whatever
    // was typed before it has been dealt with.
    const cursorOn = (choice: string) =>
      ({ test: (text: string) => text.slice(text.lastIndexOf(`? ${lang.how}`)).includes(`❯ ${choice}`) }) as RegExp;
    keys(s, "Down");
    await waitFor(s, cursorOn("Let Claude Desktop discover the models"));
    keys(s, "Up");
    const still = await waitFor(s, cursorOn("Choose the models now"));
    expect(still).not.toContain("typed-during-the-spinner");
    expect(still).not.toContain(lang.checking);
    expect(still).not.toMatch(/✔ Models in Claude Desktop's picker/);
    expect(asked).toContain(`? ${lang.how}`);
    fake.reset();
  }
  keys(s, "Enter");
  const picker = await waitFor(s, `? ${lang.pick}`);
  if (process.env.CDO_WIZARD_TRANSCRIPT)
    writeFileSync(`${process.env.CDO_WIZARD_TRANSCRIPT}${lang === EN ? "" : ".zh"}.picker`, picker.trimEnd());
  keys(s, "Enter");
  await waitFor(s, `? ${lang.defaultModel}`);
  keys(s, "Enter");
  await waitFor(s, `? ${lang.egress}`);
  if (lang === ZH) {
    keys(s, "Down");
    keys(s, "Down");
    keys(s, "Enter"); // all (*): asks again, No by default, and the default is shown
    await waitFor(s, "确定允许访问所有主机吗？ (是/否，默认：否)");
    keys(s, "Enter");
    await waitFor(s, /✔ 确定允许访问所有主机吗？ 否[\s\S]*\? Claude Desktop 沙箱可以访问的主机/);
  }
  keys(s, "Enter");
  await waitFor(s, lang.confirmDefault);
  keys(s, "Enter");
  const final = await waitFor(s, /__EXIT__ \d+/);
  assertNoSecret(final, "the terminal");
  expect(final).toContain("__EXIT__ 0");
  expect(final).toContain(lang.done);
  const entry = box.readJson<Record<string, unknown>>(box.paths.entry);
  expect(entry).toMatchObject({
    inferenceProvider: "gateway",
    inferenceGatewayApiKey: TEST_KEY,
    inferenceGatewayAuthScheme: "bearer",
    inferenceModels: [
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      { name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haiku" },
      { name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus" },
    ],
  });
  expect(entry.coworkEgressAllowedHosts).toContain("registry.npmjs.org");
  expect(entry.coworkEgressAllowedHosts).not.toContain("*");
  expect(box.readJson(box.paths.meta)).toMatchObject({ appliedId: "6f70656e-726f-4000-8000-757465720000" });
  expect(box.readJson(box.paths.rootConfig3p)).toMatchObject({ deploymentMode: "3p" });
  return final;
}

describe("the wizard in a real terminal (tmux)", () => {
  // Never skipped: .ci/run installs tmux, and without it this fails naming the package.
  it("tmux is installed", () => {
    expect(hasTmux, `${TMUX} is missing: install Debian's tmux package`).toBe(true);
  });

  it("English: from the first prompt to the written files", async () => {
    const final = await runWizard(EN, {});
    expect(final).toContain("sk-or-v1-0e6...1c96");
    expect(final).toContain("npx claude-desktop-openrouter revert");
    // The plan shows the key masked, as the first 12 and last 4 characters.
    expect(final).toContain("sk-or-v1-012...cdef");
    if (process.env.CDO_WIZARD_TRANSCRIPT) writeFileSync(process.env.CDO_WIZARD_TRANSCRIPT, final.replace(/\n*__EXIT__ 0[\s\S]*$/, "\n"));
  });

  it("Chinese with LANG=zh_CN.UTF-8", async () => {
    const final = await runWizard(ZH, { LANG: "zh_CN.UTF-8" });
    expect(final).toContain("撤销");
    expect(final).toContain("OpenRouter 已接受该密钥。");
    if (process.env.CDO_WIZARD_TRANSCRIPT)
      writeFileSync(`${process.env.CDO_WIZARD_TRANSCRIPT}.zh`, final.replace(/\n*__EXIT__ 0[\s\S]*$/, "\n"));
  });

  it("our entry already holds a key: keeping it is the first choice and the default, and it is checked again", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const options = ["setup", "--discover-models", "--egress", "none"];
    expect((await box.run([...options, "--yes"], { env: { OPENROUTER_API_KEY: TEST_KEY } })).exitCode).toBe(0);
    fake.reset();
    const s = start(box, {}, options);
    const first = await waitFor(s, `? ${EN.connect}`);
    expect(first).toContain(`❯ ${EN.keepKey}`);
    keys(s, "Enter");
    const final = await waitFor(s, /__EXIT__ \d+/);
    assertNoSecret(final, "the terminal");
    expect(final).toContain("__EXIT__ 0");
    expect(final).toContain(EN.accepted);
    expect(final).toContain("Already set up: nothing to change.");
    expect(fake.requests.filter((q) => q.path === "/api/v1/key").map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_KEY}`]);
  });

  it("signing in is the recommended first choice: the browser comes back, the minted key is written", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const s = start(box, { BROWSER: followerBrowser(join(box.dir, "visits.jsonl")) }, ["setup", "--discover-models", "--egress", "none"]);
    const first = await waitFor(s, `? ${EN.connect}`);
    expect(first).toContain("❯ Sign in with OpenRouter in your browser (recommended)");
    keys(s, "Enter");
    await waitFor(s, "Spending cap for the new key in US dollars");
    keys(s, "Enter"); // no cap
    const plan = await waitFor(s, EN.confirmDefault);
    // Planned, named, not done: the sign-in page has not been asked for yet.
    expect(plan).toMatch(/Sign-in will create a key named "Claude Desktop on/);
    expect(fake.requests.some((q) => q.path === "/auth")).toBe(false);
    keys(s, "Enter");
    const final = await waitFor(s, /__EXIT__ \d+/);
    assertNoSecret(final, "the terminal");
    expect(final).toContain("__EXIT__ 0");
    expect(final).toContain("Signed in with OpenRouter: a new key was created for Claude Desktop.");
    expect(final).toContain("The key was created by signing in with OpenRouter");
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
  });

  it("Ctrl-C while waiting for the browser exits 130 and writes nothing", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const s = start(box, {}, ["setup", "--login", "--discover-models", "--egress", "none"]);
    await waitFor(s, "Spending cap for the new key in US dollars");
    keys(s, "Enter");
    await waitFor(s, EN.confirmDefault);
    keys(s, "Enter");
    const waiting = await waitFor(s, "Waiting for the browser… (Ctrl-C to cancel)");
    expect(waiting).toContain("No browser could be opened (no graphical display in this session)");
    expect(waiting).toMatch(/http:\/\/127\.0\.0\.1:\d+\/auth\?callback_url=/);
    keys(s, "C-c");
    const final = await waitFor(s, /__EXIT__ \d+/);
    expect(final).toContain("__EXIT__ 130");
    expect(final).toContain("Cancelled: nothing was written.");
    expect(existsSync(box.paths.dataDir)).toBe(false);
    // The sign-in runs under the write lock: its directory may exist, no record does.
    expect(existsSync(join(box.paths.stateDir, "state.json"))).toBe(false);
    expect(fake.requests.some((q) => q.path === "/api/v1/auth/keys")).toBe(false);
  });

  it("Ctrl-C during a spinner still stops the tool (the keyboard is held, not deaf)", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    // The key check is never answered: the spinner runs until Ctrl-C.
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.capped.json"), after: new Promise(() => undefined) };
    const s = start(box, { OPENROUTER_API_KEY: TEST_KEY });
    await waitFor(s, "Use the key in OPENROUTER_API_KEY (sk-or-v1-012...cdef)?");
    keys(s, "Enter");
    await waitFor(s, EN.checking);
    keys(s, "C-c");
    const final = await waitFor(s, /__EXIT__ \d+/);
    expect(final).toContain("__EXIT__ 130");
    expect(existsSync(box.paths.dataDir)).toBe(false);
  });

  it("Ctrl-C at a prompt exits 130 and writes nothing", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const s = start(box, { OPENROUTER_API_KEY: TEST_KEY });
    await waitFor(s, "Use the key in OPENROUTER_API_KEY (sk-or-v1-012...cdef)?");
    keys(s, "Enter");
    const asking = await waitFor(s, `? ${EN.how}`);
    // The select prompt's key help line is on screen while it asks…
    expect(asking).toMatch(/move • .*select/);
    keys(s, "C-c");
    const final = await waitFor(s, /__EXIT__ \d+/);
    assertNoSecret(final, "the terminal");
    expect(final).toContain("__EXIT__ 130");
    expect(final).toContain("Cancelled: nothing was written.");
    // …and gone after Ctrl-C: the cancellation follows without the prompt's leftovers.
    expect(final).not.toMatch(/move •|• .*select|⏎/);
    expect(final).not.toContain(`? ${EN.how}`);
    expect(existsSync(box.paths.dataDir)).toBe(false);
    expect(existsSync(box.paths.stateDir)).toBe(false);
  });

  it("Ctrl-C at a checkbox prompt in Chinese leaves none of its key help on screen", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const s = start(box, { OPENROUTER_API_KEY: TEST_KEY, LANG: "zh_CN.UTF-8" }, [], 60);
    await waitFor(s, /\? .*OPENROUTER_API_KEY/);
    keys(s, "Enter");
    await waitFor(s, `? ${ZH.how}`);
    keys(s, "Enter");
    const asking = await waitFor(s, `? ${ZH.pick}`);
    expect(asking).toMatch(/空格键 选择/);
    keys(s, "C-c");
    const final = await waitFor(s, /__EXIT__ \d+/);
    expect(final).toContain("__EXIT__ 130");
    expect(final).toContain("已取消：未写入任何内容。");
    expect(final).not.toMatch(/移动|空格键|全选|反选|⏎/);
    expect(final).not.toContain(`? ${ZH.pick}`);
    // The question answered before the cancelled one stays.
    expect(final).toContain(ZH.how);
  });

  /** The screen's rows as the terminal shows them (no joining of rows the terminal wrapped). */
  function rows(name: string): string[] {
    return tmux("capture-pane", "-p", "-S", "-", "-t", name).split("\n");
  }

  /** Every word of the English catalogue (three letters or more). */
  const WORDS = new Set(Object.values(en).flatMap((text) => text.match(/[A-Za-z]{3,}/g) ?? []));

  /** Where a row ends inside a word the next row finishes (the terminal, not the tool, broke it). */
  function brokenWords(lines: string[]): string[] {
    const broken: string[] = [];
    for (let i = 0; i + 1 < lines.length; i++) {
      const end = /[A-Za-z]+$/.exec(lines[i] ?? "")?.[0];
      const start = /^[A-Za-z]+/.exec(lines[i + 1] ?? "")?.[0];
      if (end && start && WORDS.has(`${end}${start}`)) broken.push(`${end}/${start}`);
      // Chinese: a line never starts with the punctuation that closes a phrase.
      if (/^\s*[，。、：；？！）」》]/u.test(lines[i + 1] ?? "")) broken.push(`${lines[i]}/${lines[i + 1]}`);
    }
    return broken;
  }

  it.each([
    ["English", 60, EN, {}],
    ["English", 120, EN, {}],
    ["Chinese", 60, ZH, { LANG: "zh_CN.UTF-8" }],
    ["Chinese", 120, ZH, { LANG: "zh_CN.UTF-8" }],
  ] as const)("%s at %i columns: the plan fits in 40 rows and no line breaks inside a word", async (_lang, columns, lang, env) => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const s = start(box, { ...env, OPENROUTER_API_KEY: TEST_KEY }, [], columns);
    await waitFor(s, /\? .*OPENROUTER_API_KEY/);
    keys(s, "Enter");
    for (const question of [lang.how, lang.pick, lang.defaultModel, lang.egress]) {
      await waitFor(s, `? ${question}`);
      keys(s, "Enter");
    }
    await waitFor(s, lang.confirmDefault);
    const screenRows = rows(s);
    const title = lang === EN ? "Planned changes" : "计划进行的修改";
    const from = screenRows.findIndex((row) => row.startsWith(title));
    const to = screenRows.findIndex((row, index) => index > from && row.includes(lang.confirm));
    expect(from, screenRows.join("\n")).toBeGreaterThan(-1);
    const plan = screenRows.slice(from, to + 1);
    expect(plan.length, plan.join("\n")).toBeLessThanOrEqual(40);
    // What the plan says, in words: the entry, with the key masked.
    expect(plan.join("\n")).toContain("sk-or-v1-012...cdef");
    // Every row the wizard printed, from its title to the question (answered prompts included).
    const shown = screenRows.slice(0, to + 1);
    expect(brokenWords(shown), shown.join("\n")).toEqual([]);
    keys(s, "C-c");
    await waitFor(s, /__EXIT__ \d+/);
  });
});
