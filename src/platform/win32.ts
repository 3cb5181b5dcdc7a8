import { join } from "node:path";
import type { Context } from "../core/context.js";
import { envDir, exists, isDirectory, listDir, systemPath } from "../core/paths.js";
import type { AppInstall, DataDir, PlatformModule, RootConfigFile } from "./types.js";
import { ASCII_JSON, parseJsonList, runPowerShell, systemRoot } from "./powershell.js";
import {
  CLAUDE_1P_DIR_NAME,
  CLAUDE_3P_DIR_NAME,
  ROOT_CONFIG_FILE,
  TOOL_DIR_NAME,
  inSshSession,
  overrideDataDir,
  overrideRootConfigs,
} from "./shared.js";

/** MSIX package families that have shipped Claude Desktop (docs/claude-desktop.md#windows-packaged-app-copies). */
export const PACKAGE_FAMILY_PATTERN = /^(Claude|AnthropicPBC\.Claude)_[a-z0-9]{13}$/;

function localAppData(ctx: Context): string {
  return envDir(ctx, "LOCALAPPDATA") ?? join(ctx.home, "AppData", "Local");
}

function roamingAppData(ctx: Context): string {
  return envDir(ctx, "APPDATA") ?? join(ctx.home, "AppData", "Roaming");
}

/** Package families present under %LOCALAPPDATA%\Packages. */
async function packageFamilies(ctx: Context): Promise<string[]> {
  return (await listDir(ctx, join(localAppData(ctx), "Packages"))).filter((name) => PACKAGE_FAMILY_PATTERN.test(name));
}

function programFiles(ctx: Context): string {
  return systemPath(ctx, ctx.env.ProgramFiles ?? ctx.env.PROGRAMFILES ?? "C:\\Program Files");
}

export const win32: PlatformModule = {
  id: "win32",
  homeFromEnv: (env) => env.USERPROFILE || env.HOME,
  posixModes: false,
  libraryCopies: true,
  // cmd.exe and PowerShell both take a double-quoted argument.
  shellQuote: (value) => `"${value}"`,
  async dataDirs(ctx) {
    const override = overrideDataDir(ctx);
    if (override) return [override];
    const dirs: DataDir[] = [{ path: join(localAppData(ctx), CLAUDE_3P_DIR_NAME), kind: "primary" }];
    // An existing container copy shadows the plain path on older packaged builds; a missing one
    // shadows nothing, so it is never created.
    for (const family of await packageFamilies(ctx)) {
      const path = join(localAppData(ctx), "Packages", family, "LocalCache", "Local", CLAUDE_3P_DIR_NAME);
      if (await isDirectory(ctx, path)) dirs.push({ path, kind: "packaged", family });
    }
    // The legacy roaming location exists until the app's one-time migration has run.
    const legacy = join(roamingAppData(ctx), CLAUDE_3P_DIR_NAME);
    if (await isDirectory(ctx, legacy)) dirs.push({ path: legacy, kind: "legacy" });
    return dirs;
  },
  async rootConfigFiles(ctx, dataDirs) {
    const override = dataDirs.find((d) => d.kind === "override");
    if (override) return overrideRootConfigs(override);
    const files: RootConfigFile[] = [
      { path: join(roamingAppData(ctx), CLAUDE_1P_DIR_NAME, ROOT_CONFIG_FILE), role: "1p", createIfMissing: true },
    ];
    for (const family of await packageFamilies(ctx)) {
      const path = join(localAppData(ctx), "Packages", family, "LocalCache", "Roaming", CLAUDE_1P_DIR_NAME, ROOT_CONFIG_FILE);
      if (await exists(ctx, path)) files.push({ path, role: "1p", createIfMissing: false });
    }
    for (const dir of dataDirs) {
      files.push({ path: join(dir.path, ROOT_CONFIG_FILE), role: "3p", createIfMissing: dir.kind !== "legacy" });
    }
    return files;
  },
  stateDir(ctx) {
    return join(roamingAppData(ctx), TOOL_DIR_NAME);
  },
  logDirs(_ctx, dataDirs) {
    return dataDirs.filter((d) => d.kind !== "legacy").map((d) => join(d.path, "logs"));
  },
  async findApps(ctx) {
    const found: AppInstall[] = await msixPackages(ctx);
    const windowsApps = join(programFiles(ctx), "WindowsApps");
    for (const name of await listDir(ctx, windowsApps)) {
      // Claude_<version>_<arch>__<publisher id>
      const match = /^(Claude|AnthropicPBC\.Claude)_([\d.]+)_[a-z0-9]+__([a-z0-9]{13})$/i.exec(name);
      if (!match) continue;
      const family = `${match[1]}_${match[3]}`;
      if (found.some((app) => app.family === family)) continue;
      const path = join(windowsApps, name);
      const executable = join(path, "app", "Claude.exe");
      if (!(await exists(ctx, executable))) continue;
      found.push({ path, version: match[2] ?? null, kind: "windows-msix", executable, family, aumid: `${family}!Claude` });
    }
    const squirrel = join(localAppData(ctx), "AnthropicClaude");
    if (await exists(ctx, join(squirrel, "claude.exe"))) {
      const versions = (await listDir(ctx, squirrel))
        .map((n) => /^app-([\d.]+)$/.exec(n)?.[1])
        .filter((v): v is string => Boolean(v))
        .sort(compareVersions);
      found.push({ path: squirrel, version: versions.at(-1) ?? null, kind: "windows-squirrel", executable: join(squirrel, "claude.exe") });
    }
    const programs = join(localAppData(ctx), "Programs", "Claude");
    if (await exists(ctx, join(programs, "Claude.exe"))) {
      found.push({ path: programs, version: null, kind: "windows-other", executable: join(programs, "Claude.exe") });
    }
    return found;
  },
  browserOpener(ctx) {
    if (inSshSession(ctx)) return { unavailable: "ssh" };
    // The URL is one argument handed to the default browser as it is: no `cmd /c start`, whose
    // parsing would cut it at the first `&`.
    return { file: systemPath(ctx, `${systemRoot(ctx)}\\System32\\rundll32.exe`), args: ["url.dll,FileProtocolHandler"] };
  },
};

/**
 * Installed MSIX packages of Claude Desktop as Get-AppxPackage reports them (family, install
 * location, version), with the AUMID read from the package manifest. WindowsApps itself is not
 * listable by users, so this is the primary source; the directory scan above is the fallback
 * when PowerShell is unavailable.
 */
export const APPX_SCRIPT = [
  "$ErrorActionPreference='SilentlyContinue'",
  `@(Get-AppxPackage -Name 'Claude'; Get-AppxPackage -Name 'AnthropicPBC.Claude') | ForEach-Object { $id = 'Claude'; $m = Get-AppxPackageManifest -Package $_; $a = @($m.Package.Applications.Application)[0].Id; if ($a) { $id = $a }; [pscustomobject]@{ Name = $_.Name; PackageFamilyName = $_.PackageFamilyName; InstallLocation = $_.InstallLocation; Version = $_.Version; Aumid = "$($_.PackageFamilyName)!$id" } } | ConvertTo-Json -Compress | ${ASCII_JSON}`,
].join("; ");

interface AppxRow {
  Name?: string;
  PackageFamilyName?: string;
  InstallLocation?: string;
  Version?: string;
  Aumid?: string;
}

async function msixPackages(ctx: Context): Promise<AppInstall[]> {
  const result = await runPowerShell(ctx, APPX_SCRIPT);
  if (result.failed) return [];
  let rows: AppxRow[];
  try {
    rows = parseJsonList<AppxRow>(result.stdout);
  } catch {
    return [];
  }
  return rows
    .filter((r) => r.InstallLocation && r.PackageFamilyName && PACKAGE_FAMILY_PATTERN.test(r.PackageFamilyName))
    .map((r) => ({
      path: r.InstallLocation!,
      version: r.Version ?? null,
      kind: "windows-msix" as const,
      executable: join(r.InstallLocation!, "app", "Claude.exe"),
      family: r.PackageFamilyName!,
      aumid: r.Aumid ?? `${r.PackageFamilyName}!Claude`,
    }));
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
