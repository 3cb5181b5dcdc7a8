// --repair: a file that does not parse is first read tolerantly (comments, trailing commas) and
// every value is kept, written as strict JSON; only what even that cannot read starts afresh. The
// plan shows what is dropped, and plain `revert` brings back the original bytes in every case.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, TEST_KEY } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const keyEnv = () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

describe("setup --repair", () => {
  it("keeps the MCP servers of a config with a comment and a trailing comma; revert restores it byte for byte", async () => {
    const sb = createSandbox("linux");
    try {
      const original =
        '// my MCP servers\n{\n  "mcpServers": {\n    "git": { "command": "uvx", "args": ["mcp-server-git"] }, // the git one\n  },\n  "globalShortcut": "Ctrl+Space",\n}\n';
      sb.write(sb.paths.rootConfig1p, original);
      const refused = await runInProcess(["setup", "--yes"], { ...sb.env, ...keyEnv() });
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain("--repair");

      const dry = await runInProcess(["setup", "--yes", "--repair", "--dry-run", "--diff"], { ...sb.env, ...keyEnv() });
      expect(dry.exitCode, dry.stderr).toBe(0);
      expect(dry.stdout).toContain("comments and trailing commas removed, every value kept");
      expect(dry.stdout).toContain("dropped: // my MCP servers  // the git one");
      expect(dry.stdout).toContain("-// my MCP servers");
      expect(dry.stdout).toContain("To apply this plan, run the same command without --dry-run.");
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(original);

      const run = await runInProcess(["setup", "--yes", "--repair", "--json"], { ...sb.env, ...keyEnv() });
      expect(run.exitCode, run.stderr).toBe(0);
      const file = run
        .json<{ files: { path: string; repaired: boolean; repair?: string }[] }>()
        .files.find((f) => f.path === sb.paths.rootConfig1p);
      expect(file).toMatchObject({ repaired: true, repair: "tolerant" });
      const written = readFileSync(sb.paths.rootConfig1p, "utf8");
      expect(JSON.parse(written)).toEqual({
        mcpServers: { git: { command: "uvx", args: ["mcp-server-git"] } },
        globalShortcut: "Ctrl+Space",
        deploymentMode: "3p",
      });

      const revert = await runInProcess(["revert", "--yes"], sb.env);
      expect(revert.exitCode, revert.stderr).toBe(0);
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(original);
    } finally {
      sb.cleanup();
    }
  });

  it("starts afresh only what even tolerant reading cannot read, shows the old content as removed, and revert restores it", async () => {
    const sb = createSandbox("linux");
    try {
      const broken = '{\n  "mcpServers": {\n    "git": { "command": "uvx"\n';
      sb.write(sb.paths.rootConfig1p, broken);
      const run = await runInProcess(["setup", "--yes", "--repair", "--diff"], { ...sb.env, ...keyEnv() });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain("(does not parse: kept in the backup, started afresh)");
      expect(run.stdout).toContain('-  "mcpServers": {');
      expect(JSON.parse(readFileSync(sb.paths.rootConfig1p, "utf8"))).toEqual({ deploymentMode: "3p" });
      const revert = await runInProcess(["revert", "--yes"], sb.env);
      expect(revert.exitCode, revert.stderr).toBe(0);
      expect(existsSync(sb.paths.rootConfig1p)).toBe(true);
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(broken);
    } finally {
      sb.cleanup();
    }
  });
});
