import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fsp from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Context, PlatformId } from "../../src/core/context.js";
import { resolveTargets } from "../../src/config/targets.js";
import { systemPath } from "../../src/core/paths.js";

function ctxFor(platform: PlatformId, home: string, env: Record<string, string> = {}, configDir?: string): Context {
  return {
    platform,
    home,
    env,
    root: "",
    fs: fsp,
    settings: { baseUrl: "https://openrouter.ai/api", apiUrl: "", ...(configDir ? { configDir } : {}) },
  } as unknown as Context;
}

describe("where the configuration lives", () => {
  const home = mkdtempSync(join(tmpdir(), "cdo-paths-"));

  it("macOS: Application Support/Claude-3p, both root configs, state dir", async () => {
    const t = await resolveTargets(ctxFor("darwin", home));
    const support = join(home, "Library", "Application Support");
    expect(t.dataDirs).toEqual([{ path: join(support, "Claude-3p"), kind: "primary" }]);
    expect(t.rootConfigs.map((f) => f.path)).toEqual([
      join(support, "Claude", "claude_desktop_config.json"),
      join(support, "Claude-3p", "claude_desktop_config.json"),
    ]);
    expect(t.stateDir).toBe(join(support, "claude-desktop-openrouter"));
  });

  it("Linux: XDG_CONFIG_HOME and XDG_STATE_HOME are honoured", async () => {
    const t = await resolveTargets(ctxFor("linux", home, { XDG_CONFIG_HOME: join(home, "cfg"), XDG_STATE_HOME: join(home, "st") }));
    expect(t.dataDirs[0]?.path).toBe(join(home, "cfg", "Claude-3p"));
    expect(t.rootConfigs[0]?.path).toBe(join(home, "cfg", "Claude", "claude_desktop_config.json"));
    expect(t.stateDir).toBe(join(home, "st", "claude-desktop-openrouter"));
    const plain = await resolveTargets(ctxFor("linux", home));
    expect(plain.dataDirs[0]?.path).toBe(join(home, ".config", "Claude-3p"));
    expect(plain.stateDir).toBe(join(home, ".local", "state", "claude-desktop-openrouter"));
  });

  it("CLAUDE_USER_DATA_DIR / --config-dir is used as is, 1P and 3P in one directory", async () => {
    const t = await resolveTargets(ctxFor("darwin", home, {}, "/custom/dir"));
    expect(t.dataDirs).toEqual([{ path: "/custom/dir", kind: "override" }]);
    expect(t.rootConfigs.map((f) => f.path)).toEqual([join("/custom/dir", "claude_desktop_config.json")]);
  });

  it("Windows: LOCALAPPDATA, every existing packaged-app copy, and the legacy roaming copy", async () => {
    const win = mkdtempSync(join(tmpdir(), "cdo-win-"));
    const local = join(win, "Local");
    const roaming = join(win, "Roaming");
    const pkg = join(local, "Packages", "Claude_pzs8sxrjxfjjc", "LocalCache");
    mkdirSync(join(pkg, "Local", "Claude-3p"), { recursive: true });
    mkdirSync(join(pkg, "Roaming", "Claude"), { recursive: true });
    await fsp.writeFile(join(pkg, "Roaming", "Claude", "claude_desktop_config.json"), "{}");
    mkdirSync(join(local, "Packages", "AnthropicPBC.Claude_fnn82j28hfe8t"), { recursive: true }); // no Claude-3p inside: ignored
    mkdirSync(join(local, "Packages", "Microsoft.Something_8wekyb3d8bbwe", "LocalCache", "Local", "Claude-3p"), { recursive: true });
    mkdirSync(join(roaming, "Claude-3p"), { recursive: true });
    const t = await resolveTargets(ctxFor("win32", win, { LOCALAPPDATA: local, APPDATA: roaming }));
    expect(t.dataDirs).toEqual([
      { path: join(local, "Claude-3p"), kind: "primary" },
      { path: join(pkg, "Local", "Claude-3p"), kind: "packaged", family: "Claude_pzs8sxrjxfjjc" },
      { path: join(roaming, "Claude-3p"), kind: "legacy" },
    ]);
    expect(t.rootConfigs.map((f) => [f.path, f.createIfMissing])).toEqual([
      [join(roaming, "Claude", "claude_desktop_config.json"), true],
      [join(pkg, "Roaming", "Claude", "claude_desktop_config.json"), false],
      [join(local, "Claude-3p", "claude_desktop_config.json"), true],
      [join(pkg, "Local", "Claude-3p", "claude_desktop_config.json"), true],
      [join(roaming, "Claude-3p", "claude_desktop_config.json"), false],
    ]);
    expect(t.stateDir).toBe(join(roaming, "claude-desktop-openrouter"));
  });

  it("maps system paths under the fake root, Windows drives included", () => {
    expect(systemPath({ root: "/fake" }, "/Applications/Claude.app")).toBe("/fake/Applications/Claude.app");
    expect(systemPath({ root: "/fake" }, "C:\\Windows\\System32\\reg.exe")).toBe("/fake/Windows/System32/reg.exe");
    expect(systemPath({ root: "" }, "/etc/x")).toBe("/etc/x");
  });
});
