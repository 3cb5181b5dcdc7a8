// Without a terminal nothing prompts, and progress stays off stderr; the spinner on a terminal.
import { afterEach, describe, expect, it } from "vitest";
import { Report } from "../../src/render/report.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { Collector } from "../helpers/in-process.js";
import { stepContext } from "../helpers/prompt-script.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
let box: Sandbox | undefined;
afterEach(() => {
  box?.cleanup();
  box = undefined;
});

describe("non-interactive runs never prompt", () => {
  it("stdin not a terminal and no key: exit 2 naming --api-key-file and OPENROUTER_API_KEY", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const r = await box.run(["setup"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--api-key-file");
    expect(r.stderr).toContain("OPENROUTER_API_KEY");
    expect(r.stderr).not.toContain("?");
    expect(r.stderr).not.toContain("Nothing is written before you confirm");
    expect(fake.requests).toHaveLength(0);
  });

  it("the same in Chinese, and with --json one error document", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, LANG: "zh_CN.UTF-8" });
    const r = await box.run(["setup", "--json"]);
    expect(r.exitCode).toBe(2);
    const out = r.json<{ ok: boolean; error: { code: string; message: string; hint: string } }>();
    expect(out).toMatchObject({ ok: false, error: { code: "key.missing" } });
    expect(out.error.hint).toContain("--api-key-file");
    expect(out.error.hint).toContain("OPENROUTER_API_KEY");
  });

  it("setup --yes with a key: no prompt, no spinner or escape codes on stderr", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
    const r = await box.run(["setup", "--yes"]);
    expect(r.exitCode).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for terminal escape codes
    expect(r.stderr).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|\u001b\[/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for terminal escape codes
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stderr).not.toContain("?");
  });

  it("--egress all without a terminal still needs --yes", async () => {
    box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
    const r = await box.run(["setup", "--egress", "all"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--yes");
  });
});

describe("the spinner", () => {
  it("spins on a terminal and clears its line, silent off a terminal and with --json", async () => {
    const { ctx, stderr } = await stepContext({}, fake.apiUrl);
    stderr.isTTY = true;
    // The work ends once the spinner has moved on to its second frame.
    const write = stderr.write.bind(stderr);
    let spun!: () => void;
    const turned = new Promise<void>((resolve) => (spun = resolve));
    stderr.write = ((chunk: string, ...rest: never[]) => {
      if (String(chunk).includes("⠙")) spun();
      return write(chunk, ...rest);
    }) as typeof stderr.write;
    const value = await new Report(ctx).step("step.checkKey", async () => {
      await turned;
      return 42;
    });
    expect(value).toBe(42);
    expect(stderr.text).toContain("Checking the key with OpenRouter…");
    expect(stderr.text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(stderr.text.endsWith("\r\u001b[2K\u001b[?25h")).toBe(true);

    const quiet = await stepContext({}, fake.apiUrl);
    await new Report(quiet.ctx).step("step.checkKey", async () => 1);
    expect(quiet.stderr.text).toBe("");

    const json = await stepContext({}, fake.apiUrl);
    (json.stderr as Collector).isTTY = true;
    json.ctx.ui.json = true;
    await new Report(json.ctx).step("step.checkKey", async () => 1);
    expect(json.stderr.text).toBe("");
  });

  it("clears its line when the work fails", async () => {
    const { ctx, stderr } = await stepContext({}, fake.apiUrl);
    stderr.isTTY = true;
    await expect(new Report(ctx).step("step.checkKey", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(stderr.text.endsWith("\u001b[?25h")).toBe(true);
  });
});

describe("prompt output", () => {
  it("forwards to stderr without ending it, and strips colour when colour is off", async () => {
    const { promptOutput } = await import("../../src/wizard/prompts.js");
    const target = new Collector();
    target.isTTY = true;
    const plain = promptOutput(target as never, false);
    plain.write("\u001b[32m✔\u001b[39m done\u001b[2K");
    plain.end();
    await new Promise((r) => plain.on("finish", r));
    expect(target.text).toBe("✔ done\u001b[2K");
    expect(target.writableEnded).toBe(false);
    expect((plain as unknown as { isTTY: boolean }).isTTY).toBe(true);
    const coloured = promptOutput(target as never, true);
    coloured.write("\u001b[32mx\u001b[39m");
    expect(target.text.endsWith("\u001b[32mx\u001b[39m")).toBe(true);
  });
});
