// The words people read: what a run says matches what happened and what the tool does.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import { zhCN } from "../../src/i18n/zh-CN.js";
import { format } from "../../src/i18n/catalogue.js";
import { maskSecretValue } from "../../src/render/mask.js";
import { maskKey } from "../../src/openrouter/key.js";
import { displayWidth } from "../../src/render/style.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { expectKeyIn, useSandboxes } from "../helpers/sandbox.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();

/** The deepest nesting of parentheses, half- and full-width alike. */
function parenDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "（") deepest = Math.max(deepest, ++depth);
    if (ch === ")" || ch === "）") depth--;
  }
  return deepest;
}

describe("wording", () => {
  it("with no Claude Desktop found, the next step is to install it, not to quit it", async () => {
    const sb = newSandbox("linux");
    const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const run = await runInProcess(["setup", "--yes", "--discover-models", "--egress", "none"], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("Next: install Claude Desktop");
    expect(run.stdout).not.toContain("fully quit");
    // Nothing was applied before setup: revert does not claim to bring it back.
    const revert = await runInProcess(["revert", "--yes"], sb.env);
    expect(revert.exitCode, revert.stderr).toBe(0);
    expect(revert.stdout).toContain("no configuration was applied before setup");
    expect(revert.stdout).not.toContain("the configuration applied before is back");
  });

  it('a key file holding "Bearer sk-or-…" is read as the key', async () => {
    const sb = newSandbox("linux");
    const file = join(sb.dir, "key.txt");
    writeFileSync(expectKeyIn(file), `Bearer ${TEST_KEY}\n`, { mode: 0o600 });
    const run = await runInProcess(["setup", "--dry-run", "--discover-models", "--egress", "none", "--api-key-file", file], {
      ...sb.env,
      CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("spaces");
    expect(fake.requests.find((q) => q.path === "/api/v1/key")?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it("a key is masked the same way in every diff (doctor --fix's too) as everywhere else", () => {
    // A key of one repeated letter does not look random: it used to be shown as "sk-...aaaa".
    for (const key of [TEST_KEY, `sk-or-v1-${"a".repeat(64)}`]) expect(maskSecretValue(key)).toBe(maskKey(key));
  });

  it("no parentheses inside parentheses: the unavailable keychain with its install advice", () => {
    for (const messages of [en, zhCN] as Record<string, string>[]) {
      const detail = format(messages["keychain.detail.toolMissingInstall"] ?? "", {
        tool: "/usr/bin/secret-tool",
        package: "libsecret-tools",
      });
      const text = format(messages["keychain.wizard.unavailable"] ?? "", { store: messages["keychain.store.linux"] ?? "", detail });
      expect(parenDepth(text), text).toBeLessThanOrEqual(1);
    }
  });

  it("without a display, --login names --login --no-browser", () => {
    expect(en["login.noBrowserWizard"]).toContain("--login --no-browser");
    expect(zhCN["login.noBrowserWizard"]).toContain("--login --no-browser");
  });

  it("`help setup` is `setup --help`, in the CLI and in the launcher's quick answer, and `help` alone is --help", async () => {
    const sb = newSandbox("linux");
    const inProcess = await runInProcess(["help", "setup"], sb.env);
    expect(inProcess.exitCode, inProcess.stderr).toBe(0);
    expect(inProcess.stdout).toBe((await runInProcess(["setup", "--help"], sb.env)).stdout);
    expect(inProcess.stdout).toContain("--dry-run");
    const built = await sb.run(["help", "team", "provision"]);
    expect(built.exitCode, built.stderr).toBe(0);
    expect(built.stdout).toBe((await sb.run(["team", "provision", "--help"])).stdout);
    expect((await sb.run(["help"])).stdout).toBe((await sb.run(["--help"])).stdout);
  });

  it("doctor's details wrap under their column at the terminal's width, not back to column 0", async () => {
    const sb = newSandbox("linux");
    const run = await runInProcess(["doctor", "--offline"], { ...sb.env, COLUMNS: "60" });
    const lines = run.stdout.split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    // A continuation starts under the detail column: as far in as the first detail.
    const column = /^\S+ \S+\s+/.exec(lines[0] ?? "")?.[0].length ?? 0;
    expect(column).toBeGreaterThan(10);
    for (const line of lines.filter((l) => l !== "" && !/^\S/.test(l)))
      expect(/^ */.exec(line)?.[0].length, line).toBeGreaterThanOrEqual(column);
  });

  it("OpenRouter's own words come with ours", () => {
    expect(format(en["error.keyRejected"], { message: "User not found." })).toMatch(/unknown to OpenRouter, or was deleted or disabled/);
  });
});

describe("Chinese", () => {
  it("the help fits 80 columns by display width, wrapped evenly, no line opening with closing punctuation", async () => {
    const sb = newSandbox("linux");
    for (const path of [[], ["setup"], ["export"], ["team", "provision"], ["doctor"]]) {
      const run = await sb.run([...path, "--help"], { env: { LANG: "zh_CN.UTF-8" } });
      expect(run.exitCode, run.stderr).toBe(0);
      // The examples are command lines, kept whole to be copied.
      const lines = run.stdout.split("\n").filter((line) => !line.includes("npx "));
      expect(Math.max(...lines.map(displayWidth)), run.stdout).toBeLessThanOrEqual(80);
      expect(lines.filter((line) => /^\s*[，。、：；）]/u.test(line))).toEqual([]);
    }
  });

  it('says "你", never "您"', () => {
    for (const [key, text] of Object.entries(zhCN)) expect(text, key).not.toContain("您");
  });

  it("names the Secret Service once, with a space before it", () => {
    const text = format(zhCN["keychain.wizard.unavailable"], { store: zhCN["keychain.store.linux"], detail: "x" });
    expect(text).toContain("无法使用 Secret Service：");
    expect(text).not.toMatch(/Secret Service.*密钥服务/);
  });

  it("the team table's reason in full-width parentheses", () => {
    expect(format(zhCN["team.actionReason"], { action: "跳过", reason: "文件已更改" })).toBe("跳过（文件已更改）");
  });
});
