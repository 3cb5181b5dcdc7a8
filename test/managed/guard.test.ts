// setup and revert stop with exit 5 when a managed source takes over, naming the source and the
// key names (never values) and pointing to export; update-keys-only and unchecked sources warn.
// The "built CLI" cases need `node scripts/build.mjs` first (npm test does it).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/in-process.js";
import { installPlutil, installRegExe, linuxFixture, placeLinuxManaged, placePlist } from "../helpers/managed.js";
import { TEST_KEY, type Sandbox, type SimPlatform, expectKeyIn, useSandboxes } from "../helpers/sandbox.js";

const newSandbox = useSandboxes();

function sandbox(platform: SimPlatform): Sandbox {
  const box = newSandbox(platform, { USER: "alice" });
  writeFileSync(expectKeyIn(join(box.dir, "key.txt")), `${TEST_KEY}\n`);
  return box;
}

const SETUP = ["setup", "--yes", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5", "--no-restart"];

function setupArgs(box: Sandbox): string[] {
  return [...SETUP, "--api-key-file", join(box.dir, "key.txt")];
}

describe("setup and revert with a managed takeover", () => {
  it("Linux: setup exits 5 naming the file and key names, writes nothing, and never prints values", async () => {
    const box = sandbox("linux");
    const path = placeLinuxManaged(box, linuxFixture("takeover.json"));
    const run = await runInProcess(setupArgs(box), box.env);
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toContain("inferenceProvider, inferenceGatewayBaseUrl, inferenceGatewayApiKey, coworkEgressAllowedHosts");
    expect(run.stderr).toContain("export");
    expect(run.stderr).not.toContain("127.0.0.1:18080");
    expect(run.stderr).not.toContain('gateway"');
    const json = await runInProcess([...setupArgs(box), "--json"], box.env);
    expect(json.exitCode).toBe(5);
    expect(json.json()).toMatchObject({ ok: false, error: { code: "managed.takeover" } });
    expect(() => box.read(box.paths.entry)).toThrow();
  });

  it("Linux: revert exits 5 too; revert --list still works", async () => {
    const box = sandbox("linux");
    expect((await runInProcess(setupArgs(box), box.env)).exitCode).toBe(0);
    placeLinuxManaged(box, linuxFixture("takeover.json"));
    const revert = await runInProcess(["revert", "--yes"], box.env);
    expect(revert.exitCode).toBe(5);
    expect(box.readJson(box.paths.entry)).toMatchObject({ inferenceProvider: "gateway" });
    expect((await runInProcess(["revert", "--list"], box.env)).exitCode).toBe(0);
  });

  it("Linux: an unusable managed file stops setup and says how to fix it", async () => {
    const box = sandbox("linux");
    const path = placeLinuxManaged(box, "{ broken");
    const run = await runInProcess([...setupArgs(box), "--json"], box.env);
    expect(run.exitCode).toBe(5);
    expect(run.json()).toMatchObject({ ok: false, error: { code: "managed.unreadable" } });
    expect(run.stdout).toContain(path);
  });

  it("macOS (built CLI): a per-user profile stops setup with exit 5", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    const path = placePlist(box, "takeover.plist", "alice");
    const run = await box.run(setupArgs(box));
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toContain("inferenceGatewayApiKey");
    expect(run.stderr).not.toContain("18080");
  });

  it("Windows (built CLI): HKLM policy stops setup; a bootstrap deployment too", async () => {
    const box = sandbox("win32");
    installRegExe(box, "takeover");
    const run = await box.run([...setupArgs(box), "--json"]);
    expect(run.exitCode).toBe(5);
    const error = run.json<{ error: { code: string; message: string; hint: string } }>().error;
    expect(error.code).toBe("managed.takeover");
    expect(error.message).toContain(
      "HKLM\\SOFTWARE\\Policies\\Claude (inferenceProvider, inferenceGatewayApiKey, disableAutoUpdates, deploymentDisplayName)",
    );
    expect(error.message).not.toContain("HKCU");
    expect(error.hint).toContain("export");
    const boot = sandbox("win32");
    installRegExe(boot, "bootstrap");
    const bootRun = await runInProcess([...setupArgs(boot), "--json"], boot.env);
    expect(bootRun.exitCode).toBe(5);
    expect(bootRun.json()).toMatchObject({ error: { code: "managed.bootstrap" } });
  });

  it("update keys only: setup goes ahead with a warning", async () => {
    const box = sandbox("win32");
    installRegExe(box, "update-only");
    const run = await runInProcess([...setupArgs(box), "--json"], box.env);
    expect(run.exitCode).toBe(0);
    expect(run.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).toContain("managed.update-keys-only");
  });

  it("a missing reg.exe is a 'could not check' warning, not a failure", async () => {
    const box = sandbox("win32");
    const run = await runInProcess([...setupArgs(box), "--json"], box.env);
    expect(run.exitCode).toBe(0);
    expect(run.json<{ warnings: { code: string }[] }>().warnings.filter((w) => w.code === "managed.could-not-check")).toHaveLength(2);
  });

  it("without reg.exe, show and doctor say 'not checked (reg.exe is missing)', never 'none'", async () => {
    const box = sandbox("win32");
    const show = await runInProcess(["show"], box.env);
    expect(show.stdout).toContain("Managed configuration: not checked (reg.exe is missing)");
    expect(show.stdout).toContain("HKLM\\SOFTWARE\\Policies\\Claude  could not check (reg.exe is missing)");
    expect(show.stdout).not.toMatch(/Managed configuration: none/);
    const doctor = await runInProcess(["doctor", "--offline", "--json", "--check", "managed.policy"], box.env);
    const check = doctor.json<{ checks: { id: string; status: string; detail: string }[] }>().checks[0];
    expect(check).toMatchObject({ id: "managed.policy", status: "warn" });
    expect(check?.detail).toMatch(/^not checked \(reg\.exe is missing\): HKLM\\SOFTWARE\\Policies\\Claude; HKCU/);
    const zh = await runInProcess(["show", "--lang", "zh-CN"], box.env);
    expect(zh.stdout).toContain("托管配置：未检查（缺少 reg.exe）");
  });

  it("show lists the sources in human output, in Chinese too", async () => {
    const box = sandbox("win32");
    installRegExe(box, "takeover");
    const run = await runInProcess(["show", "--lang", "zh-CN"], box.env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("托管配置：接管配置");
    expect(run.stdout).toContain("HKCU\\SOFTWARE\\Policies\\Claude  已忽略: inferenceGatewayBaseUrl");
  });
});
