// --config-dir is remembered: state.json knows where setup wrote, so revert, show, status and
// doctor find it without the option; the printed next command carries it; and a directory that
// does not exist is created only after the plan said so.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, ENTRY_ID, TEST_KEY } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();

describe("setup --config-dir <dir>", () => {
  it("plans the new directory, prints a revert that names it, and revert/show/status/doctor find it without the option", async () => {
    const sb = createSandbox("linux");
    try {
      const dir = join(sb.dir, "my data");
      const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
      const dry = await runInProcess(["setup", "--yes", "--dry-run", "--config-dir", dir], env);
      expect(dry.exitCode, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`create directory ${dir}`);
      expect(existsSync(dir)).toBe(false);

      const run = await runInProcess(["setup", "--yes", "--config-dir", dir], env);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain(`create directory ${dir}`);
      expect(run.stdout).toContain(`To undo: npx claude-desktop-openrouter --config-dir '${dir}' revert`);
      expect(existsSync(join(dir, "configLibrary", `${ENTRY_ID}.json`))).toBe(true);

      const show = await runInProcess(["show", "--json"], sb.env);
      expect(show.json<{ configDirs: { path: string }[] }>().configDirs.map((d) => d.path)).toContain(dir);
      const status = await runInProcess(["status", "--json"], { ...sb.env, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
      expect(status.exitCode, status.stderr).toBe(0);
      expect(status.json()).toMatchObject({ source: "config" });
      const doctor = await runInProcess(["doctor", "--json", "--offline", "--check", "config.library"], sb.env);
      expect(JSON.parse(doctor.stdout).checks[0]).toMatchObject({ status: "ok", data: { path: dir } });

      const revert = await runInProcess(["revert", "--yes", "--json"], sb.env);
      expect(revert.exitCode, revert.stderr).toBe(0);
      expect(revert.json()).toMatchObject({ changed: true });
      expect(existsSync(join(dir, "configLibrary", `${ENTRY_ID}.json`))).toBe(false);
      expect(existsSync(join(dir, "claude_desktop_config.json"))).toBe(false);
    } finally {
      sb.cleanup();
    }
  });

  it("doctor's fixes name the directory too", async () => {
    const sb = createSandbox("linux");
    try {
      const dir = join(sb.dir, "data");
      const run = await runInProcess(["doctor", "--json", "--offline", "--config-dir", dir, "--check", "config.library"], sb.env);
      expect(JSON.parse(run.stdout).checks[0].fix).toContain(`npx claude-desktop-openrouter --config-dir ${dir} setup`);
    } finally {
      sb.cleanup();
    }
  });
});
