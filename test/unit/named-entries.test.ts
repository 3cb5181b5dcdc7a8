// A run builds only the command its arguments name (building all of them costs more than some
// commands take), and every command when it cannot tell: the help, a word that is not a command
// (for "did you mean"), no command at all (setup, the default).
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { namedEntries } from "../../src/cli.js";
import { runInProcess } from "../helpers/in-process.js";

/** A program with the kinds of option the real one has: a flag, options that take a value. */
function program(): Command {
  return new Command("claude-desktop-openrouter")
    .option("--json")
    .option("--lang <lang>")
    .option("-y, --yes")
    .option("--config-dir <dir>")
    .option("--base-url <url>");
}

const names = (args: string[]) => namedEntries(args, program()).map((entry) => entry.name);
const EVERY = names(["--help"]);

describe("the entries a run builds", () => {
  it("builds every command for the help, for no command, for a word that is not one, and after an option of setup's", () => {
    expect(EVERY).toContain("setup");
    expect(EVERY).toContain("team set-limit");
    expect(EVERY.length).toBeGreaterThan(10);
    for (const args of [
      [],
      ["--json"],
      ["-y"],
      ["show", "--help"],
      ["team", "usage", "-h"],
      ["frob"],
      ["team"],
      ["team", "frob"],
      ["--", "show"],
      ["--model", "show"],
      ["--api-key-file", "doctor"],
    ])
      expect(names(args), args.join(" ")).toEqual(EVERY);
  });

  it("builds the command the first word names, options before it or after", () => {
    expect(names(["show", "--json"])).toEqual(["show"]);
    expect(names(["--json", "doctor", "--offline"])).toEqual(["doctor"]);
    expect(names(["-y", "setup", "--dry-run"])).toEqual(["setup"]);
    expect(names(["team", "usage", "--json"])).toEqual(["team usage"]);
    expect(names(["--json", "team", "revoke", "alice"])).toEqual(["team revoke"]);
  });

  it("reads the value of a program option as its value, not as the command", () => {
    expect(names(["--lang", "zh-CN", "show"])).toEqual(["show"]);
    expect(names(["--config-dir", "show", "doctor"])).toEqual(["doctor"]);
    expect(names(["--lang=zh-CN", "models"])).toEqual(["models"]);
    expect(names(["--base-url", "https://example.test", "team", "policy"])).toEqual(["team policy"]);
  });

  it("describes the commands and options wherever a help can be printed, and only there", async () => {
    const env = { HOME: "/nonexistent-home", CLAUDE_DESKTOP_OPENROUTER_PLATFORM: "linux" };
    // `team` alone prints the team's help: every command is built, with its description.
    const team = await runInProcess(["team"], env);
    expect(`${team.stdout}${team.stderr}`).toMatch(/provision {2,}create one capped key per member/);
    // A help flag after the command's options: commander prints it, described.
    const doctor = await runInProcess(["doctor", "--offline", "--help"], env);
    expect(doctor.stdout).toMatch(/--offline +skip the checks that contact OpenRouter/);
    const zh = await runInProcess(["--lang", "zh-CN", "doctor", "--offline", "--help"], env);
    expect(zh.stdout).toMatch(/--offline +\S*[\u4e00-\u9fff]/);
  });
});
