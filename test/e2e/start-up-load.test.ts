// What a run loads: only what its command needs. The colour library loads when a run paints, the
// display-width library when text beyond printable ASCII and the tool's own marks is measured
// (their Unicode tables cost more to build than some commands take); a run that asks nothing never loads the prompt
// library; commander's child_process (for executable subcommands, which the tool has none of) loads
// only if used; node:crypto only when something hashes or draws random bytes. Each is shown loaded where it is needed, so the test fails if the check goes blind.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { useMachines } from "../helpers/doctor.js";
import { BIN, TEST_KEY } from "../helpers/sandbox.js";

const DIST = join(dirname(dirname(BIN)), "dist") + sep;
const fake = useFakeOpenRouter();
const machine = useMachines();

/** A string each library's bundled code holds (names that survive minification). */
const SIGNATURES = {
  colour: "ansi256ToAnsi",
  widths: "Emoji_Modifier_Base",
  prompts: "CancelPromptError",
};

interface Loaded {
  builtins: string[];
  libraries: (keyof typeof SIGNATURES)[];
  /** The package's files the run loaded, relative to dist/. */
  packageFiles: string[];
  stdout: string;
}

/**
 * Runs the built CLI with a preload that reports, at exit, Node's modules and the files it loaded
 * (the list is taken before the report touches process.stderr). `stdoutToFile`: stdout is a file,
 * as when a script captures the output, so a pipe's stream (net) loads only for stderr.
 */
async function loaded(args: string[], env: Record<string, string> = {}, stdoutToFile = false): Promise<Loaded> {
  const report = `data:text/javascript,import{createRequire}from"node:module";const r=createRequire(process.execPath);process.on("exit",()=>{const found=JSON.stringify({builtins:process.moduleLoadList,files:Object.keys(r.cache)});process.stderr.write("\\nLOADED "+found+"\\n")})`;
  const s = machine("linux");
  const outFile = join(s.root, "stdout.txt");
  const out = stdoutToFile ? openSync(outFile, "w") : "pipe";
  const child = spawn(process.execPath, ["--import", report, BIN, ...args], {
    env: { ...s.env, NO_COLOR: "1", CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY, ...env },
    stdio: ["pipe", out, "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  await new Promise((done) => child.on("close", done));
  if (typeof out === "number") {
    closeSync(out);
    stdout = readFileSync(outFile, "utf8");
  }
  s.cleanup();
  const found = JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? "null") as { builtins: string[]; files: string[] } | null;
  expect(found, stderr).not.toBeNull();
  const code = found!.files.filter((file) => file.endsWith(".js")).map((file) => readFileSync(file, "utf8"));
  return {
    builtins: found!.builtins.filter((name) => name.startsWith("NativeModule ")).map((name) => name.slice("NativeModule ".length)),
    libraries: (Object.keys(SIGNATURES) as (keyof typeof SIGNATURES)[]).filter((name) =>
      code.some((text) => text.includes(SIGNATURES[name])),
    ),
    packageFiles: found!.files.filter((file) => file.startsWith(DIST)).map((file) => file.slice(DIST.length).replaceAll(sep, "/")),
    stdout,
  };
}

describe("start-up loads what the command needs", () => {
  it("show --json and doctor --offline --json load no colour, width or prompt library, nor child_process", async () => {
    for (const args of [
      ["show", "--json"],
      ["doctor", "--offline", "--json"],
    ]) {
      const run = await loaded(args);
      expect(run.stdout, args.join(" ")).toMatch(/^\{/);
      expect(run.libraries, args.join(" ")).toEqual([]);
      expect(run.builtins, args.join(" ")).not.toContain("child_process");
    }
  });

  it("a run opens stderr and asks about terminals only when it needs to (a pipe's stream and tty load net)", async () => {
    // Output captured to a file, nothing to say on stderr, nothing to ask: no net, no tty.
    for (const args of [
      ["show", "--json"],
      ["doctor", "--offline", "--json"],
    ]) {
      const run = await loaded(args, {}, true);
      expect(run.stdout, args.join(" ")).toMatch(/^\{/);
      expect(run.builtins, args.join(" ")).not.toContain("net");
      expect(run.builtins, args.join(" ")).not.toContain("tty");
    }
    // A run that reports a usage error on stderr (no --json) opens it: the check is not blind.
    expect((await loaded(["doctor", "--offline", "--lang", "xx"], {}, true)).builtins).toContain("net");
    // A run that decides on colour asks whether stderr is a terminal.
    expect((await loaded(["doctor", "--offline", "--json"], { NO_COLOR: "" }, true)).builtins).toContain("tty");
  });

  it("a run loads few files of the package: each costs its load, and a call across files a getter", async () => {
    // The launcher, the entry's stub, its chunk (the CLI with show), esbuild's helpers, and this
    // system's modules (Linux here), not the two others'.
    const show = await loaded(["show", "--json"]);
    expect(show.packageFiles).toHaveLength(5);
    expect(show.packageFiles.filter((file) => /^chunks\/(linux|darwin|win32)-/.test(file))).toEqual([
      expect.stringMatching(/^chunks\/linux-/),
    ]);
    // Then doctor's group, after the modules that the groups share.
    const doctor = await loaded(["doctor", "--offline", "--json"]);
    expect(doctor.packageFiles).toHaveLength(7);
    expect(doctor.packageFiles).toEqual(expect.arrayContaining(show.packageFiles));
    expect(doctor.packageFiles.filter((file) => /^chunks\/doctor-/.test(file))).toHaveLength(1);
    // Or the write group, with HTTP and the modules it shares with team.
    const setup = await loaded(["setup", "--dry-run", "--yes"]);
    expect(setup.packageFiles).toHaveLength(9);
    expect(setup.packageFiles).not.toEqual(expect.arrayContaining(doctor.packageFiles));
  });

  it("setup --dry-run --yes asks nothing and prints English: no prompt or width library; Chinese loads the widths", async () => {
    const dryRun = await loaded(["setup", "--dry-run", "--yes"]);
    expect(dryRun.libraries).toEqual([]);
    // Nothing to compare with and nothing written: the hashes recorded in state.json are not made.
    expect(dryRun.builtins).not.toContain("crypto");
    expect((await loaded(["setup", "--yes"])).builtins).toContain("crypto");
    expect((await loaded(["setup", "--dry-run", "--yes", "--lang", "zh-CN"])).libraries).toEqual(["widths"]);
  });

  it("models and status, which neither hash nor sign in, do not load node:crypto; a sign-in's modules only use it when they run", async () => {
    for (const args of [
      ["models", "--json"],
      ["status", "--json"],
    ]) {
      const run = await loaded(args);
      expect(run.stdout, args.join(" ")).toMatch(/^\{/);
      expect(run.builtins, args.join(" ")).not.toContain("crypto");
    }
  });

  it("colour loads when it is on", async () => {
    const run = await loaded(["show"], { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(run.libraries).toEqual(["colour"]);
  });
});
