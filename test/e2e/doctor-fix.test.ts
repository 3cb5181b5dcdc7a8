// doctor --fix goes through the same write flow as setup and revert (backup set, rollback, the
// confirmation rule, --dry-run showing the plan), and writes only our entry and the root
// configs' deploymentMode: another tool's entry is never rewritten, and "3p" is never written
// when no usable gateway entry would be applied.
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileSystem } from "../../src/core/context.js";
import { goodEntry, writeConfig } from "../helpers/doctor.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, snapshotTree, type Sandbox } from "../helpers/sandbox.js";

const FOREIGN = "0a1b2c3d-0000-4000-8000-00000000beef";
const mode = (path: string) => statSync(path).mode & 0o777;

interface FixJson {
  checks: { id: string; status: string; fix?: string }[];
  fixes?: { id: string }[];
  backup?: string | null;
  dryRun?: boolean;
  files?: { path: string; action: string }[];
}

/** Our entry applied, with a /v1 base URL, x-api-key, the library and _meta.json readable by others. */
function brokenOurs(): Sandbox {
  const sb = createSandbox("linux");
  writeConfig(sb, {
    entry: goodEntry({ inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1", inferenceGatewayAuthScheme: "x-api-key" }),
  });
  chmodSync(sb.paths.meta, 0o644);
  chmodSync(sb.paths.libDir, 0o755);
  return sb;
}

describe("doctor --fix through the shared write flow", () => {
  it("writes a backup set first (directory modes included), then fixes our entry and the modes", async () => {
    const sb = brokenOurs();
    try {
      const run = await runInProcess(["doctor", "--fix", "--yes", "--offline", "--json"], sb.env);
      const doc = JSON.parse(run.stdout) as FixJson;
      expect(doc.backup, run.stderr).toBeTruthy();
      const manifest = JSON.parse(readFileSync(join(doc.backup!, "manifest.json"), "utf8")) as {
        command: string;
        files: { path: string; mode: number }[];
      };
      expect(manifest.command).toBe("doctor-fix");
      expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining([sb.paths.entry, sb.paths.meta, sb.paths.libDir]));
      expect(manifest.files.find((f) => f.path === sb.paths.libDir)?.mode).toBe(0o755);
      expect(sb.readJson(sb.paths.entry)).toMatchObject({
        inferenceGatewayBaseUrl: "https://openrouter.ai/api",
        inferenceGatewayAuthScheme: "bearer",
      });
      expect(mode(sb.paths.libDir)).toBe(0o700);
      expect(mode(sb.paths.meta)).toBe(0o600);
    } finally {
      sb.cleanup();
    }
  });

  it("rolls back every change, directory modes included, when a write fails part-way", async () => {
    const sb = brokenOurs();
    try {
      const entryBefore = readFileSync(sb.paths.entry, "utf8");
      const failOnMeta = (real: FileSystem): FileSystem => ({
        ...real,
        rename: async (from, to) => {
          if (String(to) === sb.paths.meta) throw Object.assign(new Error("EIO: injected"), { code: "EIO" });
          return real.rename(from, to);
        },
      });
      const run = await runInProcess(["doctor", "--fix", "--yes", "--offline"], sb.env, { fs: failOnMeta });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/already written (was|were) put back as/);
      expect(readFileSync(sb.paths.entry, "utf8")).toBe(entryBefore);
      expect(mode(sb.paths.libDir)).toBe(0o755);
      expect(mode(sb.paths.meta)).toBe(0o644);
    } finally {
      sb.cleanup();
    }
  });

  it("--dry-run shows the plan and how to apply it, and writes nothing", async () => {
    const sb = brokenOurs();
    try {
      const before = snapshotTree(sb.home);
      const run = await runInProcess(["doctor", "--fix", "--dry-run", "--offline"], sb.env);
      expect(run.stdout).toContain("Planned changes");
      // In words by default, the full diff one option away.
      expect(run.stdout).toContain('set inferenceGatewayBaseUrl "https://openrouter.ai/api"');
      expect(run.stdout).not.toContain('-  "inferenceGatewayBaseUrl"');
      expect(run.stdout).toContain("add --diff");
      expect(run.stdout).toContain("To apply this plan, run the same command without --dry-run.");
      const full = await runInProcess(["doctor", "--fix", "--dry-run", "--offline", "--diff"], sb.env);
      expect(full.stdout).toContain('-  "inferenceGatewayBaseUrl": "https://openrouter.ai/api/v1",');
      expect(snapshotTree(sb.home)).toEqual(before);
    } finally {
      sb.cleanup();
    }
  });

  it("needs --yes without a terminal (exit 2, nothing written)", async () => {
    const sb = brokenOurs();
    try {
      const before = snapshotTree(sb.home);
      const run = await runInProcess(["doctor", "--fix", "--offline"], sb.env);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain("--yes");
      expect(snapshotTree(sb.home)).toEqual(before);
    } finally {
      sb.cleanup();
    }
  });
});

describe("doctor --fix and other tools' entries", () => {
  function foreignApplied(settings: Record<string, unknown>): Sandbox {
    const sb = createSandbox("linux");
    writeConfig(sb, { deploymentMode: "1p", meta: { appliedId: FOREIGN, entries: [{ id: FOREIGN, name: "LiteLLM" }] } });
    sb.write(join(sb.paths.libDir, `${FOREIGN}.json`), settings);
    chmodSync(join(sb.paths.libDir, `${FOREIGN}.json`), 0o644);
    return sb;
  }

  it("leaves a foreign applied entry byte-identical, offers setup for it, and sets only deploymentMode", async () => {
    const sb = foreignApplied({
      inferenceProvider: "gateway",
      inferenceGatewayBaseUrl: "https://litellm.corp.example/v1",
      inferenceGatewayAuthScheme: "x-api-key",
      inferenceGatewayApiKey: "sk-litellm-placeholder",
    });
    try {
      const foreign = join(sb.paths.libDir, `${FOREIGN}.json`);
      const before = readFileSync(foreign);
      const run = await runInProcess(["doctor", "--fix", "--yes", "--offline", "--json"], sb.env);
      const doc = JSON.parse(run.stdout) as FixJson;
      expect(readFileSync(foreign).equals(before)).toBe(true);
      expect(mode(foreign)).toBe(0o644);
      // The loose mode is still reported, with the command to run by hand rather than --fix.
      const perms = doc.checks.find((c) => c.id === "config.permissions");
      expect(perms?.fix).toContain(`chmod 600 '${foreign}'`);
      expect(perms?.fix).not.toContain("doctor --fix`");
      expect(doc.files?.map((f) => f.path).sort()).toEqual(
        [join(sb.paths.stateDir, "state.json"), sb.paths.rootConfig1p, sb.paths.rootConfig3p].sort(),
      );
      expect(sb.readJson(sb.paths.rootConfig1p)).toEqual({ deploymentMode: "3p" });
      for (const id of ["config.base-url", "config.auth-scheme"]) {
        expect(doc.checks.find((c) => c.id === id)?.fix, id).toContain("claude-desktop-openrouter setup");
      }
      // revert undoes what --fix did.
      expect((await runInProcess(["revert", "--yes"], sb.env)).exitCode).toBe(0);
      expect(sb.readJson(sb.paths.rootConfig1p)).toEqual({ deploymentMode: "1p" });
      expect(readFileSync(foreign).equals(before)).toBe(true);
    } finally {
      sb.cleanup();
    }
  });

  it("never writes deploymentMode 3p when no usable gateway entry is applied; the fix is setup", async () => {
    const sb = foreignApplied({ inferenceProvider: "anthropic" });
    try {
      const before = snapshotTree(dirname(sb.paths.rootConfig1p));
      const run = await runInProcess(["doctor", "--fix", "--yes", "--offline", "--json"], sb.env);
      const doc = JSON.parse(run.stdout) as FixJson;
      const check = doc.checks.find((c) => c.id === "config.deployment-mode")!;
      expect(check.status).toBe("error");
      expect(check.fix).toContain("claude-desktop-openrouter setup");
      expect(check.fix).not.toContain("doctor --fix");
      expect(snapshotTree(dirname(sb.paths.rootConfig1p))).toEqual(before);
      expect(sb.readJson(sb.paths.rootConfig3p)).toEqual({ deploymentMode: "1p" });
      expect(existsSync(join(sb.paths.stateDir, "backups"))).toBe(false);
    } finally {
      sb.cleanup();
    }
  });
});
