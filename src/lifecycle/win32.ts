// Windows: processes come from CIM (Win32_Process) with their executable path, command line and
// session. The app's processes are its own executable at its expected path (MSIX
// `<InstallLocation>\app\Claude.exe`, Squirrel `AnthropicClaude\app-<ver>\claude.exe`) in the
// session of the user running the tool; the main one has no Electron `--type=`. Claude Code's
// claude.exe (CLI, workers, also the one bundled under the app's resources) is never matched.
import { join } from "node:path";
import { exists, systemPath } from "../core/paths.js";
import { ASCII_JSON, powershellPath, runPowerShell, systemRoot } from "../platform/powershell.js";
import type { AppInstall } from "../platform/types.js";
import { appEnv, failureDetail, type AppProcess, type LifecycleModule, type ScanResult } from "./types.js";

/** The claude.exe processes, and the session of the user running the tool (another user's are theirs). */
export const PROCESS_SCRIPT = `[pscustomobject]@{ Session = (Get-Process -Id $PID).SessionId; Processes = @(Get-CimInstance -ClassName Win32_Process -Filter "Name='claude.exe'" | Select-Object ProcessId,ParentProcessId,SessionId,ExecutablePath,CommandLine) } | ConvertTo-Json -Compress -Depth 3 | ${ASCII_JSON}`;

/** When the process started, in milliseconds since 1970 (the same in every locale and time zone). */
export function startTimeScript(pid: number): string {
  return `$ErrorActionPreference='Stop'; ([DateTimeOffset](Get-Process -Id ${pid}).StartTime).ToUnixTimeMilliseconds()`;
}

export function closeWindowScript(pids: number[]): string {
  return `$ErrorActionPreference='SilentlyContinue'; foreach ($p in Get-Process -Id ${pids.join(",")}) { [void]$p.CloseMainWindow() }`;
}

export function stopScript(pids: number[]): string {
  return `$ErrorActionPreference='SilentlyContinue'; Stop-Process -Id ${pids.join(",")} -Force`;
}

interface CimRow {
  ProcessId?: number;
  ParentProcessId?: number;
  SessionId?: number | null;
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
  // Directly in the package's app folder: app\resources\…\claude.exe is Claude Code.
  if (app.kind === "windows-msix") return path === `${root}/app/claude.exe`;
  if (app.kind === "windows-squirrel")
    return path === `${root}/claude.exe` || (path.startsWith(`${root}/app-`) && path.split("/").length === root.split("/").length + 2);
  return path === norm(app.executable);
}

/** The app's processes among the rows, in `session` only (another user's session is theirs). */
export function classifyCim(rows: CimRow[], apps: AppInstall[], self: number, session: number | null): AppProcess[] {
  const found: AppProcess[] = [];
  for (const row of rows) {
    // A process whose path we may not read (another user's, elevated) cannot be verified: skip it.
    if (typeof row.ProcessId !== "number" || !row.ExecutablePath || row.ProcessId === self) continue;
    if (session === null || row.SessionId !== session) continue;
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
      const answer = JSON.parse(result.stdout) as { Session?: unknown; Processes?: CimRow[] | CimRow | null };
      const rows = Array.isArray(answer.Processes) ? answer.Processes : answer.Processes ? [answer.Processes] : [];
      const session = typeof answer.Session === "number" ? answer.Session : null;
      return { checked: true, processes: classifyCim(rows, apps, ctx.pid, session) };
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

  // Closing the window is the only request a Windows app can catch: past it, Stop-Process.
  escalation: ["kill"],

  async kill(ctx, processes, level) {
    if (level !== "kill") return { ok: false, detail: "Windows has no termination request besides closing the window" };
    const pids = [...new Set(processes.map((p) => p.pid))];
    if (pids.length === 0) return { ok: true };
    const result = await runPowerShell(ctx, stopScript(pids));
    return result.failed ? { ok: false, detail: failureDetail(result, "powershell.exe") } : { ok: true };
  },

  async startedAt(ctx, pid) {
    const result = await runPowerShell(ctx, startTimeScript(pid));
    const ms = Number(result.stdout.trim());
    return result.failed || !Number.isFinite(ms) || result.stdout.trim() === "" ? null : new Date(ms);
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
