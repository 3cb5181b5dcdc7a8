// Managed-source detection per OS through the seams: fake plutil and reg.exe under the fake root,
// and the Linux managed file with its owner/mode/symlink rules. Read through `show --json`.
import { chmodSync, chownSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/in-process.js";
import {
  installPlutil,
  installRegExe,
  needsRoot,
  linuxFixture,
  placeLinuxManaged,
  placePlist,
  plutilLog,
  regLog,
} from "../helpers/managed.js";
import { type Sandbox, type SimPlatform, expectKeyIn, useSandboxes } from "../helpers/sandbox.js";
import type { ManagedReport } from "../../src/managed/types.js";

const newSandbox = useSandboxes();

function sandbox(platform: SimPlatform): Sandbox {
  const box = newSandbox(platform, { USER: "alice" });
  return box;
}

async function managed(box: Sandbox): Promise<ManagedReport> {
  const run = await runInProcess(["show", "--json"], box.env);
  expect(run.exitCode).toBe(0);
  return run.json<{ managed: ManagedReport }>().managed;
}

describe("macOS managed plists", () => {
  it("finds nothing when no plist exists, without needing plutil", async () => {
    const box = sandbox("darwin");
    const report = await managed(box);
    expect(report).toMatchObject({ platform: "darwin", sources: [], keys: [], classification: "none", couldNotCheck: false });
  });

  it("reads the per-machine plist through plutil by absolute path and lists key names only", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    const path = placePlist(box, "takeover.plist");
    const run = await runInProcess(["show", "--json"], box.env);
    const report = run.json<{ managed: ManagedReport }>().managed;
    expect(report.classification).toBe("takeover");
    expect(report.sources).toEqual([
      {
        kind: "macos-machine-plist",
        location: path,
        status: "ok",
        keys: ["disableAutoUpdates", "inferenceGatewayApiKey", "inferenceGatewayBaseUrl", "inferenceProvider"],
      },
    ]);
    expect(plutilLog(box)).toEqual([`-convert\tjson\t-o\t-\t${path}`]);
    expect(run.stdout).not.toContain("127.0.0.1:18080");
  });

  it("reads the per-user plist first, binary plists included, and merges key names", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    const user = placePlist(box, "user-binary.plist", "alice");
    placePlist(box, "update-only.plist");
    const report = await managed(box);
    expect(report.sources.map((s) => [s.kind, s.location === user ? "user" : "machine", s.keys])).toEqual([
      ["macos-user-plist", "user", ["inferenceGatewayApiKey", "inferenceModels"]],
      ["macos-machine-plist", "machine", ["autoUpdaterEnforcementHours", "disableAutoUpdates"]],
    ]);
    expect(report.classification).toBe("takeover");
  });

  it("treats a plist with only update keys as update-keys-only", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    placePlist(box, "update-only.plist");
    expect((await managed(box)).classification).toBe("update-keys-only");
  });

  it("reports bootstrap keys as a bootstrap deployment", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    placePlist(box, "bootstrap.plist");
    const report = await managed(box);
    expect(report.classification).toBe("bootstrap");
    expect(report.keys).toEqual(["bootstrapEnabled", "bootstrapUrl"]);
  });

  it("falls back to the XML form when plutil cannot convert a <date> to JSON", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    placePlist(box, "with-date.plist");
    const report = await managed(box);
    expect(report.sources[0]).toMatchObject({ status: "ok", keys: ["PayloadInstallDate", "inferenceProvider"] });
    expect(plutilLog(box).map((l) => l.split("\t")[1])).toEqual(["json", "xml1"]);
  });

  it("marks a plist that does not parse as unreadable", async () => {
    const box = sandbox("darwin");
    installPlutil(box);
    placePlist(box, "broken.plist");
    const report = await managed(box);
    expect(report.sources[0]).toMatchObject({ status: "unreadable", reason: "not-parsable", keys: [] });
    expect(report.classification).toBe("none");
  });

  it("says 'could not check' when plutil is missing, and never crashes", async () => {
    const box = sandbox("darwin");
    placePlist(box, "takeover.plist");
    const report = await managed(box);
    expect(report.sources[0]).toMatchObject({ status: "could-not-check", reason: "tool-missing" });
    expect(report.couldNotCheck).toBe(true);
  });
});

describe("Windows policy keys", () => {
  it("queries HKLM then HKCU in the 64-bit view; HKLM with values hides HKCU (no merge)", async () => {
    const box = sandbox("win32");
    installRegExe(box, "takeover");
    const report = await managed(box);
    expect(regLog(box)).toEqual(["query HKLM\\SOFTWARE\\Policies\\Claude /reg:64", "query HKCU\\SOFTWARE\\Policies\\Claude /reg:64"]);
    expect(report.sources).toEqual([
      {
        kind: "windows-hklm",
        location: "HKLM\\SOFTWARE\\Policies\\Claude",
        status: "ok",
        keys: ["inferenceProvider", "inferenceGatewayApiKey", "disableAutoUpdates", "deploymentDisplayName"],
      },
      {
        kind: "windows-hkcu",
        location: "HKCU\\SOFTWARE\\Policies\\Claude",
        status: "ignored",
        reason: "hidden-by-hklm",
        keys: ["inferenceGatewayBaseUrl"],
      },
    ]);
    expect(report.keys).not.toContain("inferenceGatewayBaseUrl");
    expect(report.classification).toBe("takeover");
  });

  it("sees what the 64-bit app sees: values only in the 32-bit view do not count", async () => {
    const box = sandbox("win32");
    installRegExe(box, "view");
    const report = await managed(box);
    expect(report.sources.map((s) => s.kind)).toEqual(["windows-hkcu"]);
    expect(report.sources[0]).toMatchObject({ status: "ok", keys: ["inferenceGatewayBaseUrl", "inferenceGatewayApiKey"] });
    expect(report.classification).toBe("takeover");
  });

  it("treats 'key not found' in both hives as no managed configuration", async () => {
    const box = sandbox("win32");
    installRegExe(box);
    const report = await managed(box);
    expect(report).toMatchObject({ sources: [], classification: "none", couldNotCheck: false });
  });

  it("update keys only in HKLM: local settings apply, HKCU's takeover keys are hidden", async () => {
    const box = sandbox("win32");
    installRegExe(box, "update-only");
    const report = await managed(box);
    expect(report.classification).toBe("update-keys-only");
    expect(report.sources[1]).toMatchObject({ kind: "windows-hkcu", status: "ignored" });
  });

  it("ignores value types the app never reads; REG_EXPAND_SZ counts as present", async () => {
    const box = sandbox("win32");
    installRegExe(box, "types");
    const report = await managed(box);
    expect(report.sources[0]).toMatchObject({
      kind: "windows-hklm",
      status: "ok",
      keys: [],
      invisibleKeys: ["inferenceModels", "autoUpdaterEnforcementHours", "banner"],
    });
    // HKLM has no value the app reads, so HKCU is read.
    expect(report.sources[1]).toMatchObject({
      kind: "windows-hkcu",
      status: "ok",
      keys: ["inferenceCredentialHelper", "disableAutoUpdates"],
      unreadKeys: ["inferenceCredentialHelper"],
    });
    expect(report.classification).toBe("takeover");
  });

  it("reports bootstrap keys", async () => {
    const box = sandbox("win32");
    installRegExe(box, "bootstrap");
    expect((await managed(box)).classification).toBe("bootstrap");
  });

  it("says 'could not check' for both hives when reg.exe is missing", async () => {
    const box = sandbox("win32");
    const report = await managed(box);
    expect(report.sources.map((s) => [s.location, s.status, s.reason])).toEqual([
      ["HKLM\\SOFTWARE\\Policies\\Claude", "could-not-check", "tool-missing"],
      ["HKCU\\SOFTWARE\\Policies\\Claude", "could-not-check", "tool-missing"],
    ]);
    expect(report).toMatchObject({ classification: "none", couldNotCheck: true });
  });

  it("uses %SystemRoot% to find reg.exe", async () => {
    const box = sandbox("win32");
    installRegExe(box, "bootstrap");
    renameSync(join(box.root, "Windows"), join(box.root, "WinNT"));
    const report = (await runInProcess(["show", "--json"], { ...box.env, SystemRoot: "D:\\WinNT" })).json<{ managed: ManagedReport }>()
      .managed;
    expect(report.classification).toBe("bootstrap");
  });
});

describe("Linux managed-settings.json", () => {
  it("a root-owned 0644 file in a root-owned 0755 directory takes over", async () => {
    const box = sandbox("linux");
    const path = placeLinuxManaged(box, linuxFixture("takeover.json"));
    const report = await managed(box);
    expect(report.sources).toEqual([
      {
        kind: "linux-managed-json",
        location: path,
        status: "ok",
        keys: ["inferenceProvider", "inferenceGatewayBaseUrl", "inferenceGatewayApiKey", "coworkEgressAllowedHosts"],
      },
    ]);
    expect(report.classification).toBe("takeover");
  });

  it("update keys only: local settings still apply", async () => {
    const box = sandbox("linux");
    placeLinuxManaged(box, linuxFixture("update-only.json"));
    expect((await managed(box)).classification).toBe("update-keys-only");
  });

  it("a group- or world-writable file is unusable and disables local settings", async () => {
    const box = sandbox("linux");
    const path = placeLinuxManaged(box, linuxFixture("takeover.json"));
    chmodSync(path, 0o664);
    const report = await managed(box);
    expect(report.sources[0]).toMatchObject({ status: "unreadable", reason: "mode", keys: [] });
    expect(report.classification).toBe("unreadable");
  });

  it("a writable directory makes the file unusable", async () => {
    const box = sandbox("linux");
    const path = placeLinuxManaged(box, linuxFixture("update-only.json"));
    chmodSync(join(path, ".."), 0o777);
    expect((await managed(box)).sources[0]).toMatchObject({ status: "unreadable", reason: "dir-mode" });
  });

  it("a symbolic link is never followed", async () => {
    const box = sandbox("linux");
    const target = join(box.dir, "elsewhere.json");
    writeFileSync(expectKeyIn(target), linuxFixture("takeover.json"));
    const path = placeLinuxManaged(box, "{}");
    renameSync(path, `${path}.old`);
    symlinkSync(target, path);
    const report = await managed(box);
    expect(report.sources[0]).toMatchObject({ status: "unreadable", reason: "symlink" });
    expect(report.classification).toBe("unreadable");
  });

  it("a file that does not parse is unusable", async () => {
    const box = sandbox("linux");
    placeLinuxManaged(box, "{ not json");
    expect((await managed(box)).sources[0]).toMatchObject({ status: "unreadable", reason: "not-parsable" });
  });

  it("a file or directory not owned by root is unusable", async () => {
    needsRoot();
    const box = sandbox("linux");
    const path = placeLinuxManaged(box, linuxFixture("takeover.json"));
    chownSync(path, 1000, 1000);
    expect((await managed(box)).sources[0]).toMatchObject({ status: "unreadable", reason: "owner" });
    chownSync(path, 0, 0);
    chownSync(join(path, ".."), 1000, 1000);
    expect((await managed(box)).sources[0]).toMatchObject({ status: "unreadable", reason: "dir-owner" });
  });

  it("no file: nothing managed", async () => {
    const box = sandbox("linux");
    expect(await managed(box)).toMatchObject({ sources: [], classification: "none" });
  });
});
