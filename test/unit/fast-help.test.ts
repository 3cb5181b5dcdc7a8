// bin/ answers `--help` and `--version` from the text the build captured (dist/help.json)
// instead of loading commander. That text must be what commander prints: every command's help,
// in both languages, off a terminal and on one at least 80 columns wide (commander writes at most
// 80). The expected side is commander itself, run from the sources, so a change to an option or a
// message that the build has not seen fails here.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli.js";
import { earlyAnswer, HELP_WIDTH, type HelpFile } from "../../src/launch.js";
import { Collector, testStreams } from "../helpers/in-process.js";
import { BIN } from "../helpers/sandbox.js";

const DIST = fileURLToPath(new URL("../../dist", import.meta.url));
const LANGS = { en: "en_US.UTF-8", "zh-CN": "zh_CN.UTF-8" } as const;
const WIDTHS = [HELP_WIDTH, 101, 160];

const file = () => JSON.parse(readFileSync(join(DIST, "help.json"), "utf8")) as HelpFile;
const helpFile = (lang: keyof typeof LANGS) => ({ help: file().help[lang] });

/** What commander prints for these arguments, on a terminal this wide (or not on one). */
async function commander(args: string[], env: Record<string, string>, width?: number): Promise<string> {
  const streams = testStreams();
  const stdout = new Collector(width !== undefined);
  (stdout as Collector & { columns?: number }).columns = width;
  const code = await run({
    argv: ["node", "claude-desktop-openrouter", ...args],
    env,
    cwd: "/",
    ...streams,
    stdout,
    tty: { stdin: false, stdout: width !== undefined, stderr: false },
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(code).toBe(0);
  return stdout.text;
}

describe("the help bin/ prints without commander", () => {
  it("covers every command and team command, as the program has them", () => {
    const paths = Object.keys(helpFile("en").help).sort();
    expect(paths).toEqual(
      ["", "doctor", "export", "models", "quit", "restart", "revert", "setup", "show", "status", "team"]
        .concat(["team policy", "team provision", "team revoke", "team set-limit", "team usage"])
        .sort(),
    );
    expect(Object.keys(helpFile("zh-CN").help).sort()).toEqual(paths);
  });

  for (const lang of Object.keys(LANGS) as (keyof typeof LANGS)[]) {
    it(`${lang}: equals commander's for every command, off a terminal and on one 80 columns or wider`, async () => {
      const env = { LANG: LANGS[lang] };
      for (const path of Object.keys(helpFile(lang).help)) {
        const args = [...(path ? path.split(" ") : []), "--help"];
        const early = earlyAnswer(args, env, file());
        expect(early, `${path} --help, not on a terminal`).toBe(await commander(args, env));
        for (const width of WIDTHS) expect(early, `${path} --help at ${width} columns`).toBe(await commander(args, env, width));
        const short = [...args.slice(0, -1), "-h"];
        expect(earlyAnswer(short, env, file()), `${path} -h`).toBe(await commander(short, env));
      }
    }, 60_000);
  }

  it("--version and -V equal the built commander's: the package's version", () => {
    const { version } = JSON.parse(readFileSync(join(DIST, "..", "package.json"), "utf8")) as { version: string };
    // --json makes it a command line the launcher leaves to commander.
    const built = spawnSync(process.execPath, [BIN, "--json", "--version"], { encoding: "utf8" });
    expect(built.stdout).toBe(`${version}\n`);
    for (const flag of ["--version", "-V"]) expect(earlyAnswer([flag], {}, file())).toBe(built.stdout);
  });

  it("leaves every other command line to commander, and a terminal narrower than 80 columns", async () => {
    for (const args of [
      [],
      ["--json"],
      ["show"],
      ["--help", "show"],
      ["--lang", "zh-CN", "--help"],
      ["show", "--json", "--help"],
      ["stauts", "--help"],
      ["team", "nope", "--help"],
      ["--version", "--json"],
      ["-V", "show"],
      ["setup", "--dry-run"],
    ]) {
      expect(earlyAnswer(args, {}, file()), args.join(" ")).toBeNull();
    }
    expect(earlyAnswer(["team", "revoke", "-h"], {}, file())).toBe(file().help.en["team revoke"]);
    // On a narrower terminal commander wraps at its width: not the captured text.
    expect(await commander(["export", "--help"], {}, 60)).not.toBe(file().help.en.export);
  });

  it("the real bin/ prints the same as commander, in the language of the locale", () => {
    for (const [lang, locale] of Object.entries(LANGS)) {
      const env = { ...process.env, LANG: locale, LC_ALL: "", LC_MESSAGES: "" };
      const fast = spawnSync(process.execPath, [BIN, "export", "--help"], { env, encoding: "utf8" });
      // --lang makes it a command line the launcher leaves to commander.
      const slow = spawnSync(process.execPath, [BIN, "--lang", lang, "export", "--help"], { env, encoding: "utf8" });
      expect(fast.status).toBe(0);
      expect(fast.stdout).toBe(slow.stdout);
      expect(fast.stdout).toContain("--format <format>");
    }
  });
});
