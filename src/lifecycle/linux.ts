// Linux: the real /proc (never under the fake root: CONTRIBUTING.md#test-seams). The app's processes are those
// whose /proc/<pid>/exe lies under the install directory (or a system Electron running the app's
// app.asar from there); the main one has no `--type=` in /proc/<pid>/cmdline.
import { basename, join } from "node:path";
import type { Context } from "../core/context.js";
import { exists, systemPath } from "../core/paths.js";
import type { AppInstall } from "../platform/types.js";
import { appEnv, type AppProcess, type LifecycleModule, type ScanResult } from "./types.js";

interface ProcInfo {
  pid: number;
  exe: string;
  argv: string[];
}

async function readProc(ctx: Context, pid: number): Promise<ProcInfo | null> {
  try {
    const exe = (await ctx.fs.readlink(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, "");
    const cmdline = await ctx.fs.readFile(`/proc/${pid}/cmdline`, "utf8");
    return { pid, exe, argv: cmdline.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1) };
  } catch {
    // Gone, a zombie, or another user's process: none of them can be verified, so none is touched.
    return null;
  }
}

export function matchProc(info: ProcInfo, apps: AppInstall[]): AppProcess | null {
  for (const app of apps) {
    const dir = `${app.path.replace(/\/+$/, "")}/`;
    const own = info.exe.startsWith(dir);
    // Community packages run a system Electron with the app's app.asar: match by that argument.
    const viaElectron = /^electron/.test(basename(info.exe)) && (info.argv[1] ?? "").startsWith(dir);
    if (!own && !viaElectron) continue;
    return { pid: info.pid, executable: info.exe, main: !info.argv.some((a) => a.startsWith("--type=")), app };
  }
  return null;
}

async function stillSame(ctx: Context, p: AppProcess): Promise<boolean> {
  const info = await readProc(ctx, p.pid);
  return info !== null && info.exe === p.executable;
}

export const linux: LifecycleModule = {
  async scan(ctx, apps): Promise<ScanResult> {
    let names: string[];
    try {
      names = await ctx.fs.readdir("/proc");
    } catch (error) {
      return { checked: false, tool: "/proc", detail: error instanceof Error ? error.message : String(error) };
    }
    const processes: AppProcess[] = [];
    for (const name of names) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      if (pid === ctx.pid) continue;
      const info = await readProc(ctx, pid);
      const match = info && matchProc(info, apps);
      if (match) processes.push(match);
    }
    return { checked: true, processes };
  },

  async requestQuit(ctx, main) {
    // The official build quits cleanly on SIGTERM (docs/claude-desktop.md#linux-app).
    return this.kill(ctx, main, false);
  },

  async kill(ctx, processes, hard) {
    if (!ctx.proc.signal) return { ok: false, detail: "signals unsupported" };
    let ok = true;
    for (const p of processes) {
      // Re-check right before signalling: a PID can be reused by another program.
      if (!(await stillSame(ctx, p))) continue;
      if (!ctx.proc.signal(p.pid, hard ? "SIGKILL" : "SIGTERM")) ok = false;
    }
    return ok ? { ok } : { ok, detail: "kill failed" };
  },

  async launch(ctx, app) {
    const file = await launcher(ctx, app);
    const command = `${envPrefix(ctx)}setsid ${file} >/dev/null 2>&1 &`;
    if (!ctx.env.DISPLAY && !ctx.env.WAYLAND_DISPLAY) return { launched: false, skipped: "no-display", command };
    if (!ctx.proc.spawnDetached) return { launched: false, command, error: "detached start unsupported" };
    try {
      // detached: true starts a new session (setsid), stdio is discarded, the child is unref'd.
      const pid = await ctx.proc.spawnDetached(file, [], { env: appEnv(ctx) });
      return { launched: true, pid, command };
    } catch (error) {
      return { launched: false, command, error: error instanceof Error ? error.message : String(error) };
    }
  },

  startCommand(ctx, app) {
    return `${envPrefix(ctx)}setsid ${app.executable} >/dev/null 2>&1 &`;
  },
};

function envPrefix(ctx: Context): string {
  const dir = appEnv(ctx).CLAUDE_USER_DATA_DIR;
  return dir ? `CLAUDE_USER_DATA_DIR='${dir}' ` : "";
}

/** The package's launcher in /usr/bin when there is one (it adds the package's flags), else the binary. */
async function launcher(ctx: Context, app: AppInstall): Promise<string> {
  const bin = systemPath(ctx, join("/usr/bin", basename(app.path)));
  if (app.kind === "linux-package" && (await exists(ctx, bin))) return bin;
  return app.executable;
}
