// The entry itself: version, help in both languages, usage errors, a reader that goes away.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, createSandbox, type Sandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("linux");
});
afterAll(() => sb.cleanup());

const COMMANDS = ["setup", "show", "revert", "export", "doctor", "quit", "restart", "models", "status"];

describe("the command line", () => {
  it("--version prints the package version", async () => {
    const run = await sb.run(["--version"]);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
  });

  it("--help lists every command, with examples, in English and Chinese", async () => {
    const en = await sb.run(["--help"]);
    expect(en.exitCode).toBe(0);
    for (const name of COMMANDS) expect(en.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    expect(en.stdout).toContain("Examples:");
    const zh = await sb.run(["--help"], { env: { LANG: "zh_CN.UTF-8" } });
    expect(zh.stdout).toContain("示例：");
    const setupHelp = await sb.run(["setup", "--help", "--lang", "zh-CN"]);
    expect(setupHelp.stdout).toContain("--api-key-file");
    expect(setupHelp.stdout).toMatch(/[\u4e00-\u9fff]/);
  });

  it("an unknown command is a usage error, as JSON too", async () => {
    const run = await sb.run(["frobnicate", "--json"]);
    expect(run.exitCode).toBe(2);
    expect(run.json()).toMatchObject({ ok: false, error: { code: "usage" } });
  });

  it("stops quietly when the reader goes away (… --help | head -1)", () => {
    const result = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" --help | head -1`], { encoding: "utf8", env: sb.env });
    expect(result.stdout.trim()).toMatch(/^Usage:/);
    expect(result.stderr).toBe("");
  });
});
