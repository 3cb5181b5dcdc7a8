// The built CLI in a real terminal (tmux on a private socket), driven from the first prompt to the
// written files, in English and in Chinese, against the loopback fake OpenRouter; and Ctrl-C.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenRouter, type FakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { BIN, createSandbox, type Sandbox, expectKeyIn } from "../helpers/sandbox.js";
import { assertNoSecret } from "../helpers/secrets.js";

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
    if (typeof text === "string" ? now.includes(text) : text.test(now)) return now;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${now}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the built CLI in a new tmux session through a wrapper script that sets the environment. */
function start(b: Sandbox, env: Record<string, string>, args: string[] = []): string {
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
  tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "50", `sh '${script}'`);
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
  keyPrompt: string;
  how: string;
  pick: string;
  defaultModel: string;
  egress: string;
  confirm: string;
  done: string;
}

const EN: Texts = {
  keyPrompt: "OpenRouter API key",
  how: "Models in Claude Desktop's picker",
  pick: "Claude models to offer",
  defaultModel: "Default model",
  egress: "Hosts Claude Desktop's sandbox may reach",
  confirm: "Write these changes?",
  done: "Claude Desktop is set up for OpenRouter",
};
const ZH: Texts = {
  keyPrompt: "OpenRouter API 密钥",
  how: "模型选择器中的模型",
  pick: "要提供的 Claude 模型",
  defaultModel: "默认模型",
  egress: "沙箱可以访问的主机",
  confirm: "写入这些修改吗？",
  done: "Claude Desktop 已配置为使用 OpenRouter",
};

async function runWizard(lang: Texts, env: Record<string, string>): Promise<string> {
  box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const s = start(box, env);
  await waitFor(s, lang === EN ? "Nothing is written before you confirm" : "在你确认之前不会写入任何内容");
  // The prompt itself (its "? " prefix), not the intro that mentions the key: typing before the
  // prompt owns the terminal would let the tty echo it.
  await waitFor(s, `? ${lang.keyPrompt}`);
  typeText(s, TEST_KEY);
  await waitFor(s, { test: (text: string) => (text.match(/\*/g) ?? []).length >= TEST_KEY.length } as RegExp);
  keys(s, "Enter");
  await waitFor(s, lang.how);
  keys(s, "Enter");
  const picker = await waitFor(s, lang.pick);
  if (process.env.CDO_WIZARD_TRANSCRIPT)
    writeFileSync(`${process.env.CDO_WIZARD_TRANSCRIPT}${lang === EN ? "" : ".zh"}.picker`, picker.trimEnd());
  keys(s, "Enter");
  await waitFor(s, lang.defaultModel);
  keys(s, "Enter");
  await waitFor(s, lang.egress);
  keys(s, "Enter");
  await waitFor(s, lang.confirm);
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
  expect(box.readJson(box.paths.meta)).toMatchObject({ appliedId: "6f70656e-726f-4000-8000-757465720000" });
  expect(box.readJson(box.paths.rootConfig3p)).toMatchObject({ deploymentMode: "3p" });
  return final;
}

describe.skipIf(!hasTmux)("the wizard in a real terminal (tmux)", () => {
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

  it("Ctrl-C at a prompt exits 130 and writes nothing", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const s = start(box, { OPENROUTER_API_KEY: TEST_KEY });
    await waitFor(s, "Use the key in OPENROUTER_API_KEY (sk-or-v1-012...cdef)?");
    keys(s, "Enter");
    await waitFor(s, EN.how);
    keys(s, "C-c");
    const final = await waitFor(s, /__EXIT__ \d+/);
    assertNoSecret(final, "the terminal");
    expect(final).toContain("__EXIT__ 130");
    expect(final).toContain("Cancelled: nothing was written.");
    expect(existsSync(box.paths.dataDir)).toBe(false);
    expect(existsSync(box.paths.stateDir)).toBe(false);
  });
});
