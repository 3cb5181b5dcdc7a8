// Linux: the real /proc (never under the fake root, so that real processes started from a fake
// app path are found and quit for real). The app's processes are those of the configuration's
// owner whose /proc/<pid>/exe lies under the install directory (or a system Electron running the
// app's app.asar from there); the main one has no `--type=` in /proc/<pid>/cmdline.
import { basename, join } from "node:path";
import type { Context } from "../core/context.js";
import { exists, systemPath } from "../core/paths.js";
import type { AppInstall } from "../platform/types.js";
import { appEnv, configOwnerUid, type AppProcess, type LifecycleModule, type ScanResult } from "./types.js";

interface ProcInfo {
  pid: number;
  exe: string;
  argv: string[];
  /** The real user id (first field of the Uid: line of /proc/<pid>/status). */
  uid?: number;
}

async function readProc(ctx: Context, pid: number): Promise<ProcInfo | null> {
  try {
    const exe = (await ctx.fs.readlink(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, "");
    const cmdline = await ctx.fs.readFile(`/proc/${pid}/cmdline`, "utf8");
    const status = await ctx.fs.readFile(`/proc/${pid}/status`, "utf8");
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
    return { pid, exe, argv: cmdline.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1), uid };
  } catch {
    // Gone, a zombie, or another user's process: none of them can be verified, so none is touched.
    return null;
  }
}

/** Linux's fixed clock-tick rate for /proc times (USER_HZ). */
const USER_HZ = 100;

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

async function stillSame(ctx: Context, p: AppProcess, owner: number | null): Promise<boolean> {
  const info = await readProc(ctx, p.pid);
  return info !== null && info.exe === p.executable && info.uid === owner;
}

export const linux: LifecycleModule = {
  async scan(ctx, apps): Promise<ScanResult> {
    let names: string[];
    try {
      names = await ctx.fs.readdir("/proc");
    } catch (error) {
      return { checked: false, tool: "/proc", detail: error instanceof Error ? error.message : String(error) };
    }
    const owner = await configOwnerUid(ctx);
    const processes: AppProcess[] = [];
    for (const name of names) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      if (pid === ctx.pid) continue;
      const info = await readProc(ctx, pid);
      // Another user's Claude Desktop (root sees them all) is theirs: never listed, never signalled.
      if (!info || info.uid !== owner) continue;
      const match = matchProc(info, apps);
      if (match) processes.push(match);
    }
    return { checked: true, processes };
  },

  async requestQuit(ctx, main) {
    // The official build quits cleanly on SIGTERM (docs/claude-desktop.md#linux-app).
    return this.kill(ctx, main, "terminate");
  },

  escalation: ["terminate", "kill"],

  async kill(ctx, processes, level) {
    if (!ctx.proc.signal) return { ok: false, detail: "signals unsupported" };
    const owner = await configOwnerUid(ctx);
    let ok = true;
    for (const p of processes) {
      // Re-check right before signalling: a PID can be reused by another program (or user).
      if (!(await stillSame(ctx, p, owner))) continue;
      if (!ctx.proc.signal(p.pid, level === "kill" ? "SIGKILL" : "SIGTERM")) ok = false;
    }
    return ok ? { ok } : { ok, detail: "kill failed" };
  },

  async startedAt(ctx, pid) {
    // Field 22 of /proc/<pid>/stat is the start in clock ticks after boot; btime is the boot time.
    try {
      const stat = await ctx.fs.readFile(`/proc/${pid}/stat`, "utf8");
      const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
      const boot = Number(/^btime (\d+)$/m.exec(await ctx.fs.readFile("/proc/stat", "utf8"))?.[1]);
      if (!Number.isFinite(ticks) || !Number.isFinite(boot)) return null;
      return new Date(boot * 1000 + (ticks * 1000) / USER_HZ);
    } catch {
      return null;
    }
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
