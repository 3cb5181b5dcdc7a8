// A credential given to any option of any command never comes back: not in a message, not on
// stdout or stderr, not in --json. The options are read from the program itself, so an option
// added tomorrow is covered without touching this file.
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { OTHER_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess, testStreams } from "../helpers/in-process.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

/** One of each shape the masking knows, each with a middle part that must never be printed. */
const CREDENTIALS = [
  OTHER_KEY,
  `sk-ant-api03-${"Zq8xW2vN5kLm".repeat(6)}`,
  `sk-proj-${"Hb7Tr4Yu1Op9".repeat(5)}`,
  `ghp_${"Ab3De6Gh9Jk2".repeat(3)}`,
  `github_pat_11${"Mn4Pq7Rs0Tv3".repeat(6)}`,
  `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${"Sf1KxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"}`,
  // No known prefix: a long random token.
  "Q7wErTy9UiOp3AsDfGh5JkLzXcVb8NmQwErT2yUi",
];

/** The part of a credential its masked form never shows. */
const hiddenPart = (credential: string) => credential.slice(12, -4);

interface OptionShape {
  flag: string;
  takesValue: boolean;
}

/** Every command's name and options (its own and the global ones), read from the real program. */
async function programShape(): Promise<{ command: string; options: OptionShape[] }[]> {
  let program: Command | undefined;
  await run({
    argv: ["node", "claude-desktop-openrouter", "--help"],
    env: {},
    cwd: "/",
    ...testStreams(),
    tty: { stdin: false, stdout: false, stderr: false },
    onProgram: (p) => {
      program = p;
    },
  });
  if (!program) throw new Error("the program was not handed over");
  const shape = (command: Command): OptionShape[] =>
    command.options
      .filter((o) => o.long !== "--help" && o.long !== "--version")
      .map((o) => ({ flag: o.long ?? o.flags, takesValue: o.required || o.optional }));
  const globals = shape(program);
  return program.commands.map((c) => ({ command: c.name(), options: [...shape(c), ...globals] }));
}

const shapes = await programShape();

describe("a credential fed to any option is never echoed", () => {
  const fake = useFakeOpenRouter();
  let sb: Sandbox;
  beforeAll(() => {
    sb = createSandbox("linux");
  });
  afterAll(() => sb.cleanup());

  it("the program has the commands and options this test walks", () => {
    expect(shapes.map((s) => s.command)).toEqual(expect.arrayContaining(["setup", "export", "doctor", "status", "revert"]));
    expect(shapes.find((s) => s.command === "setup")?.options.map((o) => o.flag)).toEqual(
      expect.arrayContaining(["--api-key-file", "--egress", "--name", "--config-dir", "--base-url", "--dry-run"]),
    );
  });

  for (const { command, options } of shapes) {
    it(`${command}: every option, every credential shape, with and without --json`, async () => {
      const env = {
        ...sb.env,
        OPENROUTER_API_KEY: TEST_KEY,
        CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
        CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS: "2000",
      };
      const cases: string[][] = [];
      options.forEach((option, index) => {
        // The OpenRouter key through both spellings; one other shape per option, in turn.
        for (const credential of [OTHER_KEY, CREDENTIALS[1 + (index % (CREDENTIALS.length - 1))]!]) {
          cases.push([command, `${option.flag}=${credential}`]);
          if (option.takesValue) cases.push([command, option.flag, credential]);
        }
      });
      for (const credential of CREDENTIALS) cases.push([command, credential], [command, `--api-keys=${credential}`]);
      for (const args of cases) {
        for (const argv of [args, ["--json", ...args]]) {
          const credential = CREDENTIALS.find((c) => argv.some((a) => a.includes(c)))!;
          const result = await runInProcess(["--yes", ...argv], env);
          const output = `${result.stdout}\n${result.stderr}`;
          const what = `${JSON.stringify(argv)} → exit ${result.exitCode}\n${output}`;
          expect(output.includes(hiddenPart(credential)), what).toBe(false);
          expect(result.exitCode, what).not.toBe(70);
        }
      }
    }, 120_000);
  }
});
