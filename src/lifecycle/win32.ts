// Windows: processes come from CIM (Win32_Process) with their executable path and command line.
// The app's processes are claude.exe under the install directory (MSIX `<InstallLocation>\app\`,
// Squirrel `AnthropicClaude\app-<ver>\`); the main one has no Electron `--type=`. Claude Code's
// claude.exe (CLI, workers) lives elsewhere and is never matched.
import { join } from "node:path";
import { exists, systemPath } from "../core/paths.js";
import { parseJsonList, powershellPath, runPowerShell, systemRoot } from "../platform/powershell.js";
import type { AppInstall } from "../platform/types.js";
import { appEnv, failureDetail, type AppProcess, type LifecycleModule, type ScanResult } from "./types.js";

export const PROCESS_SCRIPT =
  "Get-CimInstance -ClassName Win32_Process -Filter \"Name='claude.exe'\" | Select-Object ProcessId,ParentProcessId,ExecutablePath,CommandLine | ConvertTo-Json -Compress";

export function closeWindowScript(pids: number[]): string {
  return `$ErrorActionPreference='SilentlyContinue'; foreach ($p in Get-Process -Id ${pids.join(",")}) { [void]$p.CloseMainWindow() }`;
}

export function stopScript(pids: number[]): string {
  return `$ErrorActionPreference='SilentlyContinue'; Stop-Process -Id ${pids.join(",")} -Force`;
}

interface CimRow {
  ProcessId?: number;
  ParentProcessId?: number;
  ExecutablePath?: string | null;
  CommandLine?: string | null;
}

/** Comparable form of a Windows path: forward slashes, lower case, no trailing slash. */
function norm(path: string): string {
  return path.replace(/\\/g, "/").replace(/\/+$/, "").toLowerCase();
}

/** Is this executable one of the install's own processes? */
export function belongsTo(exe: string, app: AppInstall): boolean {
  const path = norm(exe);
  const root = norm(app.path);
  if (!path.endsWith("/claude.exe")) return false;
  if (app.kind === "windows-msix") return path.startsWith(`${root}/app/`);
  if (app.kind === "windows-squirrel")
    return path === `${root}/claude.exe` || (path.startsWith(`${root}/app-`) && path.split("/").length === root.split("/").length + 2);
  return path === norm(app.executable);
}

export function classifyCim(rows: CimRow[], apps: AppInstall[], self: number): AppProcess[] {
  const found: AppProcess[] = [];
  for (const row of rows) {
    // A process whose path we may not read (another user's, elevated) cannot be verified: skip it.
    if (typeof row.ProcessId !== "number" || !row.ExecutablePath || row.ProcessId === self) continue;
    const app = apps.find((a) => belongsTo(row.ExecutablePath!, a));
    if (!app) continue;
    found.push({ pid: row.ProcessId, executable: row.ExecutablePath, main: !/(^|\s)--type=/.test(row.CommandLine ?? ""), app });
  }
  return found;
}

export const win32: LifecycleModule = {
  async scan(ctx, apps): Promise<ScanResult> {
    const result = await runPowerShell(ctx, PROCESS_SCRIPT);
    if (result.failed) return { checked: false, tool: powershellPath(ctx), detail: failureDetail(result, "powershell.exe") };
    try {
      return { checked: true, processes: classifyCim(parseJsonList<CimRow>(result.stdout), apps, ctx.pid) };
    } catch {
      return { checked: false, tool: powershellPath(ctx), detail: "powershell.exe: unreadable answer" };
    }
  },

  async requestQuit(ctx, main) {
    // Whether closing the main window quits or only hides to the tray is unverified
    // (docs/claude-desktop.md#windows-app); the caller waits and escalates only with consent.
    const result = await runPowerShell(ctx, closeWindowScript(main.map((p) => p.pid)));
    return result.failed ? { ok: false, detail: failureDetail(result, "powershell.exe") } : { ok: true };
  },

  async kill(ctx, processes) {
    const pids = [...new Set(processes.map((p) => p.pid))];
    if (pids.length === 0) return { ok: true };
    const result = await runPowerShell(ctx, stopScript(pids));
    return result.failed ? { ok: false, detail: failureDetail(result, "powershell.exe") } : { ok: true };
  },

  async launch(ctx, app) {
    const command = this.startCommand(ctx, app);
    if (!ctx.proc.spawnDetached) return { launched: false, command, error: "detached start unsupported" };
    try {
      if (app.kind === "windows-msix" && app.aumid) {
        const pid = await ctx.proc.spawnDetached(systemPath(ctx, `${systemRoot(ctx)}\\explorer.exe`), [`shell:AppsFolder\\${app.aumid}`]);
        return { launched: true, pid, command };
      }
      const update = join(app.path, "Update.exe");
      if (app.kind === "windows-squirrel" && (await exists(ctx, update))) {
        const pid = await ctx.proc.spawnDetached(update, ["--processStart", "claude.exe"], { env: appEnv(ctx) });
        return { launched: true, pid, command };
      }
      const pid = await ctx.proc.spawnDetached(app.executable, [], { env: appEnv(ctx) });
      return { launched: true, pid, command };
    } catch (error) {
      return { launched: false, command, error: error instanceof Error ? error.message : String(error) };
    }
  },

  startCommand(_ctx, app) {
    if (app.kind === "windows-msix" && app.aumid) return `explorer.exe shell:AppsFolder\\${app.aumid}`;
    if (app.kind === "windows-squirrel") return `"${join(app.path, "Update.exe")}" --processStart claude.exe`;
    return `"${app.executable}"`;
  },
};
