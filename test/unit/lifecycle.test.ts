import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyLog } from "../../src/lifecycle/log.js";
import { parseElapsed, parsePs } from "../../src/lifecycle/darwin.js";
import { belongsTo, classifyCim } from "../../src/lifecycle/win32.js";
import { matchProc } from "../../src/lifecycle/linux.js";
import type { AppInstall } from "../../src/platform/types.js";
import { FIXTURES } from "../helpers/fixtures.js";

const log = (name: string) => classifyLog(readFileSync(join(FIXTURES, "lifecycle", `main.log.${name}`), "utf8"));

describe("main.log classification", () => {
  it("active: provider gateway and the apiHost in use", () => {
    expect(log("active")).toMatchObject({
      status: "active",
      provider: "gateway",
      apiHost: "https://openrouter.ai/api",
      invalid: null,
      ignoredKeys: [],
    });
  });
  it("invalid configuration: the failing field and the message", () => {
    expect(log("invalid")).toMatchObject({
      status: "invalid",
      invalid: { field: "inferenceModels", message: '"openai/gpt-5" is not an Anthropic model' },
    });
  });
  it("ignored keys and model discovery problems, still active", () => {
    expect(log("ignored")).toMatchObject({
      status: "active",
      ignoredKeys: ["inferenceGatewayHeaders2", "enterpriseConfig"],
      apiHost: "https://openrouter.ai/api/v1",
      modelProblems: ["returned HTTP 401"],
    });
  });
  it("managed config detected, with its key names", () => {
    expect(log("managed")).toMatchObject({
      status: "managed",
      managedKeys: ["inferenceProvider", "inferenceGatewayBaseUrl", "inferenceGatewayApiKey"],
    });
  });
  it("no third-party line: unknown", () => {
    expect(log("1p")).toMatchObject({ status: "unknown", findings: [] });
  });
  it("the last decisive line wins across launches", () => {
    const text =
      readFileSync(join(FIXTURES, "lifecycle", "main.log.invalid"), "utf8") +
      readFileSync(join(FIXTURES, "lifecycle", "main.log.active"), "utf8");
    expect(classifyLog(text)).toMatchObject({ status: "active", invalid: null });
  });
});

describe("main-process identification", () => {
  it("macOS: ps lines keep paths with spaces", () => {
    expect(
      parsePs(" 4250   501 /Applications/Claude.app/Contents/Frameworks/Claude Helper (GPU).app/Contents/MacOS/Claude Helper (GPU)\n"),
    ).toEqual([
      {
        pid: 4250,
        uid: 501,
        path: "/Applications/Claude.app/Contents/Frameworks/Claude Helper (GPU).app/Contents/MacOS/Claude Helper (GPU)",
      },
    ]);
  });

  it("macOS: ps's elapsed time, [[dd-]hh:]mm:ss", () => {
    expect(parseElapsed("   05:09\n")).toBe(309);
    expect(parseElapsed("01:02:03")).toBe(3723);
    expect(parseElapsed("2-01:02:03")).toBe(2 * 86400 + 3723);
    expect(parseElapsed("")).toBeNull();
  });

  const msix: AppInstall = {
    path: "C:\\Program Files\\WindowsApps\\Claude_1.0.0.0_x64__pzs8sxrjxfjjc",
    version: "1.0.0.0",
    kind: "windows-msix",
    executable: "C:\\Program Files\\WindowsApps\\Claude_1.0.0.0_x64__pzs8sxrjxfjjc\\app\\Claude.exe",
  };
  const squirrel: AppInstall = {
    path: "C:\\Users\\me\\AppData\\Local\\AnthropicClaude",
    version: "0.9.0",
    kind: "windows-squirrel",
    executable: "C:\\Users\\me\\AppData\\Local\\AnthropicClaude\\claude.exe",
  };

  it("Windows: claude.exe under the install's app directory, case-insensitive; Claude Code never", () => {
    expect(belongsTo("c:\\program files\\windowsapps\\claude_1.0.0.0_x64__pzs8sxrjxfjjc\\app\\claude.exe", msix)).toBe(true);
    expect(belongsTo("C:\\Users\\me\\AppData\\Local\\AnthropicClaude\\app-0.9.0\\claude.exe", squirrel)).toBe(true);
    expect(belongsTo("C:\\Users\\me\\AppData\\Local\\AnthropicClaude\\app-0.9.0\\claude-code\\claude.exe", squirrel)).toBe(false);
    expect(belongsTo("C:\\Users\\me\\.local\\bin\\claude.exe", squirrel)).toBe(false);
    expect(belongsTo("C:\\Users\\me\\AppData\\Roaming\\Claude\\claude-code\\2.1.3\\claude.exe", msix)).toBe(false);
    // Claude Code bundled inside the package: under app\, but not the app's own executable.
    expect(belongsTo(`${msix.path}\\app\\resources\\claude-code\\claude.exe`, msix)).toBe(false);
    const found = classifyCim(
      [
        { ProcessId: 1, SessionId: 1, ExecutablePath: msix.executable, CommandLine: `"${msix.executable}"` },
        { ProcessId: 2, SessionId: 1, ExecutablePath: msix.executable, CommandLine: `"${msix.executable}" --type=renderer` },
        { ProcessId: 3, SessionId: 1, ExecutablePath: null, CommandLine: null },
        // Another user's Claude Desktop, visible to an elevated tool: theirs.
        { ProcessId: 4, SessionId: 2, ExecutablePath: msix.executable, CommandLine: `"${msix.executable}"` },
      ],
      [msix],
      999,
      1,
    );
    expect(found.map((p) => [p.pid, p.main])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it("Linux: exe under the app dir (or system Electron running its app.asar), no --type=", () => {
    const app: AppInstall = {
      path: "/usr/lib/claude-desktop",
      version: null,
      kind: "linux-package",
      executable: "/usr/lib/claude-desktop/claude-desktop",
    };
    expect(
      matchProc({ pid: 1, exe: "/usr/lib/claude-desktop/claude-desktop", argv: ["/usr/lib/claude-desktop/claude-desktop"] }, [app])?.main,
    ).toBe(true);
    expect(matchProc({ pid: 2, exe: "/usr/lib/claude-desktop/claude-desktop", argv: ["x", "--type=zygote"] }, [app])?.main).toBe(false);
    expect(
      matchProc({ pid: 3, exe: "/usr/lib/electron37/electron", argv: ["electron", "/usr/lib/claude-desktop/app.asar"] }, [app])?.main,
    ).toBe(true);
    expect(matchProc({ pid: 4, exe: "/home/me/.local/bin/claude", argv: ["claude"] }, [app])).toBeNull();
    expect(matchProc({ pid: 5, exe: "/usr/lib/claude-desktop-unofficial/claude-desktop", argv: ["x"] }, [app])).toBeNull();
  });
});
