// A mistyped command or option: a usage error (exit 2) that names the nearest command or option,
// in English and in Chinese, as text and as JSON.
import { describe, expect, it } from "vitest";
import { sentences } from "../../src/i18n/catalogue.js";
import { runInProcess } from "../helpers/in-process.js";

const env = { HOME: "/nonexistent-home", CLAUDE_DESKTOP_OPENROUTER_PLATFORM: "linux" };

describe("mistyped command lines", () => {
  const cases: [string[], string, string][] = [
    [["stauts"], "Unknown command 'stauts' — did you mean 'status'?", "未知命令“stauts”——你是想用“status”吗？"],
    [["doctr"], "Unknown command 'doctr' — did you mean 'doctor'?", "未知命令“doctr”——你是想用“doctor”吗？"],
    [["login"], "Unknown command 'login' — did you mean 'setup --login'?", "未知命令“login”——你是想用“setup --login”吗？"],
    [
      ["setup", "--api-key-fle", "key.txt"],
      "Unknown option '--api-key-fle' — did you mean '--api-key-file'?",
      "未知选项“--api-key-fle”——你是想用“--api-key-file”吗？",
    ],
    [["show", "--jsno"], "Unknown option '--jsno' — did you mean '--json'?", "未知选项“--jsno”——你是想用“--json”吗？"],
    [["team", "revok", "alice"], "Unknown command 'revok' — did you mean 'revoke'?", "未知命令“revok”——你是想用“revoke”吗？"],
  ];
  for (const [args, english, chinese] of cases) {
    it(`${args.join(" ")}: exit 2 with a suggestion, in both languages`, async () => {
      const en = await runInProcess(args, { ...env, LANG: "en_US.UTF-8" });
      expect(en.exitCode).toBe(2);
      expect(en.stderr).toContain(`✖ ${english}\n`);
      const zh = await runInProcess(["--lang", "zh-CN", ...args], env);
      expect(zh.exitCode).toBe(2);
      expect(zh.stderr).toContain(`✖ ${chinese}\n`);
      const json = await runInProcess([...args, "--json"], env);
      expect(json.exitCode).toBe(2);
      expect(json.json()).toMatchObject({ ok: false, error: { code: "usage", message: english } });
    });
  }

  it("a word that names a property of every object (__proto__, constructor) is an unknown command too", async () => {
    for (const word of ["__proto__", "constructor", "toString"]) {
      const result = await runInProcess([word], env);
      expect(result.exitCode, word).toBe(2);
      expect(result.stderr, word).toContain(`✖ Unknown command '${word}'`);
    }
  });

  it("a word far from every command gets no suggestion, still exit 2", async () => {
    const result = await runInProcess(["frobnicate"], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("✖ Unknown command 'frobnicate'.\n");
  });
});

describe("sentences", () => {
  it("a space between English sentences, none beside Chinese punctuation", () => {
    expect(sentences("Not a key.", undefined, "Paste it again.")).toBe("Not a key. Paste it again.");
    expect(sentences("不是 OpenRouter 密钥。", "请在 https://openrouter.ai 创建。")).toBe(
      "不是 OpenRouter 密钥。请在 https://openrouter.ai 创建。",
    );
    expect(sentences("描述文件的 PayloadOrganization", '（可选值："a"）')).toBe('描述文件的 PayloadOrganization（可选值："a"）');
  });
});
