// Chinese mode, complete: every command's help and the common errors, run with --lang zh-CN, hold
// no English sentence outside quoted values, ids, flags and the names of products and settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "commander";
import { run } from "../../src/cli.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { OTHER_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess, testStreams } from "../helpers/in-process.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("linux");
});
afterAll(() => sb.cleanup());

/** Names that stay as they are in Chinese text: products, the app's settings, file formats. */
const NAMES = [
  "Claude Desktop",
  "Claude Code",
  "Claude.ai",
  "OpenRouter",
  "Gateway",
  "PayloadScope System",
  "PayloadScope User",
  "PayloadIdentifier",
  "PayloadOrganization",
  "Secret Service",
  "GNOME Keyring",
  "Windows Credential Manager",
  "Keychain",
  "Jamf Pro",
  "reg import",
];

/**
 * The English left after taking out what may stay as it is: quoted text, flags, <placeholders>,
 * paths, URLs, ids, command lines (examples) and the names above. Two Latin words in a row are a
 * phrase someone forgot to translate.
 */
function englishPhrases(text: string): string[] {
  let rest = text
    .split("\n")
    .filter((line) => !/^\s*(npx |OPENROUTER_\w+=)/.test(line))
    .join("\n");
  rest = rest.replace(/“[^”]*”|"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|<[^>\n]*>|\[[a-z][\w.-]*\]/g, " ");
  rest = rest.replace(/\b[a-z]+[A-Z]\w*/g, " "); // the app's setting names: inferenceGatewayBaseUrl
  for (const name of NAMES) rest = rest.replaceAll(name, " ");
  rest = rest.replace(/(?:https?:\/\/|[\w.-]*\/)[^\s，。；：、）)]*/g, " "); // URLs and paths
  rest = rest.replace(/(?:^|\s)--?[\w-]+/g, " "); // flags
  rest = rest.replace(/claude-desktop-openrouter(?: [a-z][a-z-]*)*/g, " "); // the usage line's command path
  rest = rest.replace(/\b[\w.-]*[-_.][\w.-]*\b/g, " "); // ids: sk-or-v1-…, file.json
  // Two Latin words in a row, or a Latin title ("Usage:", "choices:").
  return rest.match(/\b[A-Za-z]{2,}(?:[ \t]+[A-Za-z]{2,})+\b|\b[A-Za-z]{2,}:(?=\s|$)/g) ?? [];
}

/** A space after a Chinese full stop or colon, before more text: "密钥。 请在". */
const STRAY_SPACE = /[。：；！？，] +(?=\S)/;

/** Every command path of the program, from the tree itself. */
async function commandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  const streams = testStreams();
  await run({
    argv: ["node", "claude-desktop-openrouter", "--version"],
    env: {},
    cwd: "/",
    ...streams,
    tty: { stdin: false, stdout: false, stderr: false },
    onProgram: (program) => {
      const walk = (command: Command, names: string[]) => {
        paths.push(names);
        for (const sub of command.commands) walk(sub, [...names, sub.name()]);
      };
      walk(program, []);
    },
  });
  return paths;
}

describe("Chinese mode", () => {
  it("finds English phrases (the check itself)", () => {
    expect(englishPhrases("Usage: claude-desktop-openrouter team provision [options]")).toEqual(["Usage:"]);
    expect(englishPhrases("用法：claude-desktop-openrouter team provision [选项]")).toEqual([]);
    expect(englishPhrases('--format <format>  格式 (choices: "reg")')).toEqual(["choices:"]);
    expect(englishPhrases("Options:\n  --json  print one JSON document")).toEqual(["Options:", "print one JSON document"]);
    expect(englishPhrases("OpenRouter 拒绝了该密钥（原文：“User not found.”）")).toEqual([]);
    expect(englishPhrases("目标  System (all users)")).toEqual(["all users"]);
  });

  it("every command's --help is Chinese", async () => {
    const paths = await commandPaths();
    expect(paths.length).toBeGreaterThan(10);
    const english: Record<string, string[]> = {};
    for (const path of paths) {
      const result = await runInProcess([...path, "--help", "--lang", "zh-CN"], { ...sb.env });
      expect(result.exitCode, path.join(" ")).toBe(0);
      expect(result.stdout).toMatch(/^用法：claude-desktop-openrouter/);
      expect(result.stdout).not.toMatch(STRAY_SPACE);
      const phrases = englishPhrases(result.stdout);
      if (phrases.length > 0) english[`${path.join(" ")} --help`] = phrases;
    }
    expect(english).toEqual({});
  });

  it("the common errors are Chinese, with exit 2 for the command line's", async () => {
    const env = { ...sb.env, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const cases: [string[], number][] = [
      [["stauts"], 2],
      [["login"], 2],
      [["setup", "--api-key-fle", "k.txt"], 2],
      [["export", "--format", "pdf"], 2],
      [["export", "--scope"], 2],
      [["team", "revoke"], 2],
      [["show", "extra"], 2],
      [["setup", "--yes"], 2],
      [["--base-url", "ftp://example.com", "show"], 2],
      [["status", "--api-key", OTHER_KEY], 3],
    ];
    const english: Record<string, string[]> = {};
    for (const [args, exitCode] of cases) {
      const result = await runInProcess(["--lang", "zh-CN", ...args], env);
      expect(result.exitCode, args.join(" ")).toBe(exitCode);
      expect(result.stderr, args.join(" ")).toMatch(/[\u4e00-\u9fff]/);
      expect(result.stderr, args.join(" ")).not.toMatch(STRAY_SPACE);
      const phrases = englishPhrases(result.stderr);
      if (phrases.length > 0) english[`${args[0]} ${args[1] ?? ""}: ${result.stderr}`] = phrases;
    }
    expect(english).toEqual({});
  });

  it("export's summary names the target in Chinese", async () => {
    const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY };
    const english: Record<string, string[]> = {};
    for (const format of ["mobileconfig", "reg", "json"]) {
      const out = `${sb.home}/managed.${format}`;
      const args = [
        "--lang",
        "zh-CN",
        "export",
        "--format",
        format,
        "--out",
        out,
        "--force",
        "--skip-key-check",
        "--key-placeholder",
        "--models",
        "anthropic/claude-sonnet-4.5",
      ];
      const result = await runInProcess(args, env);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(STRAY_SPACE);
      if (format === "mobileconfig") expect(result.stdout).toMatch(/目标\s+系统（PayloadScope System）/);
      const phrases = englishPhrases(result.stdout);
      if (phrases.length > 0) english[format] = phrases;
    }
    expect(english).toEqual({});
  });
});
