// What setup accepts from its options, by the app's own rules, and where it looks: a --name the
// app lists cleanly, --egress hosts the app keeps (international names as punycode), --models
// names the app and its Code tab accept, and a config directory that can be one.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const newSandbox = useSandboxes();

function box(): Sandbox {
  return newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
}

const setup = (sb: Sandbox, ...args: string[]) => runInProcess(["setup", "--yes", "--no-restart", "--json", ...args], sb.env);

describe("--name", () => {
  it.each([
    ["x".repeat(61), "more than 60 characters"],
    ["  ", "it is empty"],
    ["Work\nevil", "line break, control or text-direction"],
    ["\u001b[2JWork", "line break, control or text-direction"],
    ["Work\u202ekrow", "line break, control or text-direction"],
  ])("%j is a usage error naming why", async (name, why) => {
    const sb = box();
    const run = await setup(sb, "--name", name);
    expect(run.exitCode).toBe(2);
    expect(run.json<{ error: { message: string; hint: string } }>().error.message).toContain(why);
    // The refused name is shown with its control characters escaped, never raw.
    expect(run.stdout).not.toContain("\u001b[2J");
    expect(run.stdout).not.toContain("\u202e");
  });
  it("counts characters, not UTF-16 units; trims", async () => {
    const sb = box();
    // 45 characters, 90 UTF-16 units: over the old limit of 80 units, within 60 characters.
    const name = "🙂".repeat(45);
    const run = await setup(sb, "--name", `  ${name} `);
    expect(run.exitCode).toBe(0);
    expect(sb.readJson<{ entries: { name: string }[] }>(sb.paths.meta).entries[0]?.name).toBe(name);
  });
});

describe("--egress", () => {
  it("writes an international name as punycode, keeps ports, and refuses what the app would drop", async () => {
    const sb = box();
    const run = await setup(sb, "--egress", "münchen.de,*.Internal.example.com:8443,10.0.0.5");
    expect(run.exitCode).toBe(0);
    expect(sb.readJson<{ coworkEgressAllowedHosts: string[] }>(sb.paths.entry).coworkEgressAllowedHosts).toEqual([
      "xn--mnchen-3ya.de",
      "*.internal.example.com:8443",
      "10.0.0.5",
    ]);
    for (const [host, why] of [
      ["com", "at least one dot"],
      ["0", "at least one dot"],
      ["999.999.999.999", "not a valid IPv4 address"],
      ["[::1]", "IPv6"],
      ["github.com:70000", "1–65535"],
    ]) {
      const bad = await setup(box(), "--egress", host!);
      expect(bad.exitCode, host).toBe(2);
      expect(bad.json<{ error: { message: string } }>().error.message).toContain(why);
    }
  });
});

describe("--models", () => {
  it("takes the app's gateway name rule: a variant OpenRouter offers passes, spaces or non-ASCII do not", async () => {
    const sb = box();
    const ok = await setup(sb, "--models", "anthropic/claude-3.7-sonnet:thinking");
    expect(ok.exitCode).toBe(0);
    expect(sb.readJson<{ inferenceModels: { name: string }[] }>(sb.paths.entry).inferenceModels[0]?.name).toBe(
      "anthropic/claude-3.7-sonnet:thinking",
    );
    const spaced = await setup(box(), "--skip-key-check", "--models", "anthropic/claude sonnet");
    expect(spaced.exitCode).toBe(2);
    expect(spaced.json<{ error: { message: string } }>().error.message).toContain("printable ASCII without spaces");
    const other = await setup(box(), "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5,openai/gpt-4o");
    expect(other.exitCode).toBe(2);
    expect(other.json<{ error: { message: string } }>().error.message).toContain('"openai/gpt-4o" is not a Claude model name');
  });
});

describe("the config directory", () => {
  it("--config-dir / is a usage error naming it", async () => {
    const sb = box();
    for (const command of [["setup", "--yes", "--dry-run"], ["show"], ["doctor", "--offline"]]) {
      const run = await runInProcess(["--config-dir", "/", "--json", ...command], sb.env);
      expect(run.exitCode, command.join(" ")).toBe(2);
      expect(run.json<{ error: { message: string } }>().error.message).toBe(
        "/ is the root of a file system, not Claude Desktop's data directory.",
      );
    }
  });
  it("a file where Claude-3p should be is a usage error naming it, not _meta.json", async () => {
    const sb = box();
    mkdirSync(dirname(sb.paths.dataDir), { recursive: true });
    writeFileSync(sb.paths.dataDir, "not a directory");
    for (const command of [["setup", "--yes", "--dry-run"], ["show"], ["doctor", "--offline"], ["revert", "--yes"]]) {
      const run = await runInProcess(["--json", ...command], sb.env);
      expect(run.exitCode, command.join(" ")).toBe(2);
      const error = run.json<{ error: { message: string; hint: string } }>().error;
      expect(error.message).toContain(`${sb.paths.dataDir} is a file, not a directory`);
      expect(error.message).not.toContain("_meta.json");
    }
    const file = join(sb.dir, "some-file");
    writeFileSync(file, "x");
    const run = await runInProcess(["--config-dir", file, "--json", "show"], sb.env);
    expect(run.exitCode).toBe(2);
    expect(run.json<{ error: { hint: string } }>().error.hint).toContain("--config-dir");
  });
});
