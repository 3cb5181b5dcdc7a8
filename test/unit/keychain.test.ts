// The pieces of the key-in-the-store feature on their own: the entry with a helper instead of a
// key (and back), the app's rules for the helper keys, the helper's output, how the key is quoted
// for security's line parser, and the Windows helper's paths and text.
import { describe, expect, it } from "vitest";
import { windowsHelperPathProblem } from "../../src/config/app-rules.js";
import { judgeEntry } from "../../src/config/entry-judge.js";
import { buildEntry, type EntrySettings } from "../../src/config/entry.js";
import type { Context } from "../../src/core/context.js";
import { securityQuote } from "../../src/keychain/darwin.js";
import { helperTimeoutSec, helperToken } from "../../src/keychain/helper-run.js";
import { linux } from "../../src/keychain/linux.js";
import { win32 } from "../../src/keychain/win32.js";
import { TEST_KEY } from "../helpers/fixtures.js";

const settings: EntrySettings = { apiKey: TEST_KEY, baseUrl: "https://openrouter.ai/api", models: null, egressHosts: [] };
const helper = { path: "/home/me/.local/state/claude-desktop-openrouter/keychain-helper.sh", ttlSec: 86_400 };
const NOW = new Date("2026-11-30T12:00:00Z");

describe("the entry with a credential helper", () => {
  it("names the helper and holds no key; back to the file, the key returns and the helper keys go", () => {
    const withHelper = buildEntry({ inferenceGatewayApiKey: "sk-or-v1-old", chatTabEnabled: true }, { ...settings, helper });
    expect(withHelper).toMatchObject({
      inferenceCredentialKind: "helper-script",
      inferenceCredentialHelper: helper.path,
      inferenceCredentialHelperTtlSec: 86_400,
      chatTabEnabled: true,
    });
    expect(withHelper).not.toHaveProperty("inferenceGatewayApiKey");
    expect(withHelper).not.toHaveProperty("inferenceCredentialHelperWindows");
    expect(judgeEntry(withHelper, NOW).filter((f) => f.key.startsWith("inferenceCredential"))).toEqual([]);

    const windows = buildEntry({}, { ...settings, helper: { ...helper, windowsPath: "C:\\Users\\me\\helper.cmd" } });
    expect(windows.inferenceCredentialHelperWindows).toBe("C:\\Users\\me\\helper.cmd");

    const back = buildEntry(withHelper, settings);
    expect(back.inferenceCredentialKind).toBe("static");
    expect(back.inferenceGatewayApiKey).toBe(TEST_KEY);
    for (const key of ["inferenceCredentialHelper", "inferenceCredentialHelperWindows", "inferenceCredentialHelperTtlSec"])
      expect(back).not.toHaveProperty(key);
    expect(back.chatTabEnabled).toBe(true);
  });
});

describe("the app's rules for the helper keys", () => {
  const codes = (entry: Record<string, unknown>) =>
    judgeEntry({ inferenceProvider: "gateway", ...entry }, NOW).map((f) => `${f.code}:${f.severity}`);

  it("helper-script needs a helper (either key)", () => {
    expect(codes({ inferenceCredentialKind: "helper-script" })).toEqual(["credentialKind.noHelper:error"]);
    expect(codes({ inferenceCredentialKind: "helper-script", inferenceCredentialHelperWindows: "C:\\h.cmd" })).toEqual([]);
  });

  it("the Windows path is an absolute drive-letter path without ~, quotes, % or ..", () => {
    expect(windowsHelperPathProblem("C:\\Users\\me\\AppData\\Roaming\\claude-desktop-openrouter\\keychain-helper.cmd")).toBeNull();
    expect(windowsHelperPathProblem("\\\\server\\share\\h.cmd")).toBe("unc");
    expect(windowsHelperPathProblem("Users\\me\\h.cmd")).toBe("notAbsolute");
    expect(windowsHelperPathProblem("C:\\Users\\JOHNDO~1\\h.cmd")).toBe("characters");
    expect(windowsHelperPathProblem("C:\\%APPDATA%\\h.cmd")).toBe("characters");
    expect(windowsHelperPathProblem("C:\\Users\\..\\h.cmd")).toBe("parent");
    expect(codes({ inferenceCredentialKind: "helper-script", inferenceCredentialHelperWindows: "~\\h.cmd" })).toEqual([
      "helper.windowsPath:error",
    ]);
  });

  it("the helper's timeout as the app reads it: 1 to 600 s, native or text, else the default 60", () => {
    expect(helperTimeoutSec({ inferenceCredentialHelperTimeoutSec: "5" })).toBe(5);
    expect(helperTimeoutSec({ inferenceCredentialHelperTimeoutSec: 900 })).toBe(60);
    expect(helperTimeoutSec({})).toBe(60);
  });
});

describe("the helper's output", () => {
  it("is a bare token or the token of a JSON object, trimmed", () => {
    expect(helperToken(`${TEST_KEY}\n`)).toBe(TEST_KEY);
    expect(helperToken(`  {"token": "${TEST_KEY}", "headers": {"X-A": "b"}}\r\n`)).toBe(TEST_KEY);
    expect(helperToken("")).toBeNull();
    expect(helperToken('{"headers": {}}')).toBeNull();
    expect(helperToken("{not json")).toBeNull();
  });
});

describe("security's line parser", () => {
  it("gets every argument in double quotes, a backslash before each backslash and double quote", () => {
    expect(securityQuote("plain")).toBe('"plain"');
    expect(securityQuote("a\"b\\c'd")).toBe('"a\\"b\\\\c\'d"');
  });
});

describe("the Windows helper", () => {
  const ctx = {
    platform: "win32",
    root: "",
    env: { APPDATA: "C:\\Users\\me 100%\\AppData\\Roaming", SystemRoot: "C:\\Windows" },
    home: "C:\\Users\\me",
  } as unknown as Context;

  it("names the Windows-only key too when the path is one the app accepts", () => {
    expect(win32.helperKeys("C:\\Users\\me\\AppData\\Roaming\\claude-desktop-openrouter\\keychain-helper.cmd")).toEqual({
      path: "C:\\Users\\me\\AppData\\Roaming\\claude-desktop-openrouter\\keychain-helper.cmd",
      windowsPath: "C:\\Users\\me\\AppData\\Roaming\\claude-desktop-openrouter\\keychain-helper.cmd",
    });
    expect(win32.helperKeys("C:\\Users\\me 100%\\h.cmd")).toEqual({ path: "C:\\Users\\me 100%\\h.cmd" });
    expect(win32.helperPathOf({ inferenceCredentialHelper: "C:\\a.cmd", inferenceCredentialHelperWindows: "C:\\b.cmd" })).toBe("C:\\b.cmd");
  });

  it("the .cmd names no user path (%~dp0 reaches the .ps1); a .cmd is run through cmd.exe, a .ps1 through PowerShell", () => {
    const [cmd] = win32.helperFiles(ctx, "C:\\Users\\me 100%\\AppData\\Roaming\\claude-desktop-openrouter");
    expect(cmd!.text).toContain('-File "%~dp0keychain-helper.ps1"');
    expect(cmd!.text).not.toContain("me 100");
    expect(cmd!.text).toContain('"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile');
    expect(win32.helperCommand(ctx, "C:\\h.cmd")).toEqual({ file: "C:\\Windows\\System32\\cmd.exe", args: ["/d", "/c", "C:\\h.cmd"] });
    expect(win32.helperCommand(ctx, "C:\\h.ps1").args).toEqual([
      "-NoProfile",
      "-NonInteractive",
      "-ExecutionPolicy",
      "Bypass",
      "-File",
      "C:\\h.ps1",
    ]);
  });
});

describe("the Linux helper", () => {
  it("calls secret-tool by absolute path, holds no secret, and exits 2, 3 or 4 with a reason", () => {
    const ctx = { platform: "linux", root: "" } as unknown as Context;
    const [file] = linux.helperFiles(ctx, "/home/me/.local/state/claude-desktop-openrouter");
    expect(file!.path).toBe("/home/me/.local/state/claude-desktop-openrouter/keychain-helper.sh");
    expect(file!.text).toContain("tool='/usr/bin/secret-tool'");
    expect(file!.text).toMatch(
      /the keychain item is missing[^\n]*exit 4 ;;\n[^\n]*is locked[^\n]*exit 3 ;;\nesac\n[^\n]*did not answer[^\n]*exit 2\n$/,
    );
    expect(file!.text).not.toContain("sk-or-");
  });
});
