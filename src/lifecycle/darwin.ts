// macOS: the main process is the one whose executable path EQUALS <App>.app/Contents/MacOS/Claude
// (case-sensitive); helpers live under Contents/Frameworks; Claude Code is …/claude.app/…/claude.
import { basename } from "node:path";
import { systemPath } from "../core/paths.js";
import type { AppInstall } from "../platform/types.js";
import { BUNDLE_ID, appEnv, failureDetail, type AppProcess, type LifecycleModule, type ScanResult } from "./types.js";

export const PS_ARGS = ["-axww", "-o", "pid=,comm="];
export const QUIT_SCRIPT = `tell application id "${BUNDLE_ID}" to quit`;

/** `ps -o pid=,comm=` prints the PID and, on macOS, the full executable path (spaces kept). */
export function parsePs(stdout: string): { pid: number; path: string }[] {
  const out: { pid: number; path: string }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), path: m[2]! });
  }
  return out;
}

function classify(rows: { pid: number; path: string; args?: string }[], apps: AppInstall[], self: number): AppProcess[] {
  const found: AppProcess[] = [];
  for (const row of rows) {
    if (row.pid === self) continue;
    for (const app of apps) {
      if (row.path === app.executable) found.push({ pid: row.pid, executable: row.path, main: !/\s--type=/.test(row.args ?? ""), app });
      else if (row.path.startsWith(`${app.path}/Contents/`)) found.push({ pid: row.pid, executable: row.path, main: false, app });
      else continue;
      break;
    }
  }
  return found;
}

export const darwin: LifecycleModule = {
  async scan(ctx, apps): Promise<ScanResult> {
    const ps = systemPath(ctx, "/bin/ps");
    const result = await ctx.proc.run(ps, PS_ARGS);
    if (!result.failed) return { checked: true, processes: classify(parsePs(result.stdout), apps, ctx.pid) };
    // Fallback: pgrep prints "pid full command line"; the executable is the command line's head.
    const pgrep = systemPath(ctx, "/usr/bin/pgrep");
    const alt = await ctx.proc.run(pgrep, ["-l", "-f", "/Contents/"]);
    // pgrep exits 1 for "no match"; missing or any other failure means we cannot tell.
    if (alt.notFound || (alt.failed && alt.exitCode !== 1)) return { checked: false, tool: ps, detail: failureDetail(result, "ps") };
    const rows = parsePs(alt.stdout).flatMap((r) => {
      const app = apps.find(
        (a) => r.path === a.executable || r.path.startsWith(`${a.executable} `) || r.path.startsWith(`${a.path}/Contents/`),
      );
      if (!app) return [];
      const path = r.path === app.executable || r.path.startsWith(`${app.executable} `) ? app.executable : r.path.split(" --")[0]!;
      return [{ pid: r.pid, path, args: r.path }];
    });
    return { checked: true, processes: classify(rows, apps, ctx.pid) };
  },

  async requestQuit(ctx, main) {
    const result = await ctx.proc.run(systemPath(ctx, "/usr/bin/osascript"), ["-e", QUIT_SCRIPT], { timeoutMs: 15_000 });
    if (!result.failed) return { ok: true };
    // -1743: the user denied Automation consent; no osascript at all: fall back to SIGTERM.
    const detail = failureDetail(result, "osascript");
    const term = await this.kill(ctx, main, false);
    return term.ok ? { ok: true, detail } : { ok: false, detail: `${detail}; ${term.detail ?? ""}` };
  },

  async kill(ctx, processes, hard) {
    const pids = [...new Set(processes.map((p) => String(p.pid)))];
    if (pids.length === 0) return { ok: true };
    const result = await ctx.proc.run(systemPath(ctx, "/bin/kill"), ["-s", hard ? "KILL" : "TERM", ...pids]);
    return result.failed ? { ok: false, detail: failureDetail(result, "kill") } : { ok: true };
  },

  async launch(ctx, app) {
    const open = systemPath(ctx, "/usr/bin/open");
    const env = appEnv(ctx);
    const envArgs = env.CLAUDE_USER_DATA_DIR ? ["--env", `CLAUDE_USER_DATA_DIR=${env.CLAUDE_USER_DATA_DIR}`] : [];
    const args = [...envArgs, "-b", BUNDLE_ID];
    const command = this.startCommand(ctx, app);
    // `open` hands the start to LaunchServices and returns at once: the app is not our child.
    const result = await ctx.proc.run(open, args, { timeoutMs: 15_000 });
    if (!result.failed) return { launched: true, command };
    const byPath = await ctx.proc.run(open, [...envArgs, app.path], { timeoutMs: 15_000 });
    if (!byPath.failed) return { launched: true, command: `open "${app.path}"` };
    return { launched: false, command, error: failureDetail(result, basename(open)) };
  },

  startCommand(ctx) {
    const dir = appEnv(ctx).CLAUDE_USER_DATA_DIR;
    return `open ${dir ? `--env CLAUDE_USER_DATA_DIR='${dir}' ` : ""}-b ${BUNDLE_ID}`;
  },
};
