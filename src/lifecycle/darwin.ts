// macOS: the main process is the one whose executable path EQUALS <App>.app/Contents/MacOS/Claude
// (case-sensitive); helpers live under Contents/Frameworks; Claude Code is …/claude.app/…/claude.
// Only the processes of the configuration's owner (their uid, as ps reports it) are the app's.
import { basename } from "node:path";
import type { Context } from "../core/context.js";
import { systemPath } from "../core/paths.js";
import type { AppInstall } from "../platform/types.js";
import { BUNDLE_ID, appEnv, configOwnerUid, failureDetail, type AppProcess, type LifecycleModule, type ScanResult } from "./types.js";

export const PS_ARGS = ["-axww", "-o", "pid=,uid=,comm="];
export const QUIT_SCRIPT = `tell application id "${BUNDLE_ID}" to quit`;

/** `ps -o pid=,uid=,comm=` prints the PID, the uid and, on macOS, the full executable path (spaces kept). */
export function parsePs(stdout: string): { pid: number; uid: number; path: string }[] {
  const out: { pid: number; uid: number; path: string }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.+?)\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), uid: Number(m[2]), path: m[3]! });
  }
  return out;
}

/** `pgrep -l -f` prints the PID and the whole command line. */
function parsePgrep(stdout: string): { pid: number; line: string }[] {
  const out: { pid: number; line: string }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), line: m[2]! });
  }
  return out;
}

/** `ps -o etime=`: elapsed time as [[dd-]hh:]mm:ss, in seconds; null when it is not that. */
export function parseElapsed(text: string): number | null {
  const m = /^\s*(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)\s*$/.exec(text);
  if (!m) return null;
  const [, days, hours, minutes, seconds] = m;
  return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes)) * 60 + Number(seconds);
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

async function scanWithPgrep(ctx: Context, apps: AppInstall[], owner: number | null, psFailure: string): Promise<ScanResult> {
  // pgrep prints "pid full command line" for the owner's processes; the executable is its head.
  const pgrep = systemPath(ctx, "/usr/bin/pgrep");
  if (owner === null) return { checked: true, processes: [] };
  const alt = await ctx.proc.run(pgrep, ["-U", String(owner), "-l", "-f", "/Contents/"]);
  // pgrep exits 1 for "no match"; missing or any other failure means we cannot tell.
  if (alt.notFound || (alt.failed && alt.exitCode !== 1)) return { checked: false, tool: systemPath(ctx, "/bin/ps"), detail: psFailure };
  const rows = parsePgrep(alt.stdout).flatMap((r) => {
    const app = apps.find(
      (a) => r.line === a.executable || r.line.startsWith(`${a.executable} `) || r.line.startsWith(`${a.path}/Contents/`),
    );
    if (!app) return [];
    const path = r.line === app.executable || r.line.startsWith(`${app.executable} `) ? app.executable : r.line.split(" --")[0]!;
    return [{ pid: r.pid, path, args: r.line }];
  });
  return { checked: true, processes: classify(rows, apps, ctx.pid) };
}

export const darwin: LifecycleModule = {
  async scan(ctx, apps): Promise<ScanResult> {
    const owner = await configOwnerUid(ctx);
    const result = await ctx.proc.run(systemPath(ctx, "/bin/ps"), PS_ARGS);
    if (result.failed) return scanWithPgrep(ctx, apps, owner, failureDetail(result, "ps"));
    // Another user's Claude Desktop (root sees them all) is theirs: never listed, never signalled.
    const rows = parsePs(result.stdout).filter((row) => row.uid === owner);
    return { checked: true, processes: classify(rows, apps, ctx.pid) };
  },

  async requestQuit(ctx, main) {
    // An Apple event reaches the apps of the user who sends it: run for another user (as root),
    // the owner's app is asked with SIGTERM instead, which it also takes as a clean quit.
    if (ctx.uid !== null && ctx.uid !== (await configOwnerUid(ctx))) return this.kill(ctx, main, "terminate");
    const result = await ctx.proc.run(systemPath(ctx, "/usr/bin/osascript"), ["-e", QUIT_SCRIPT], { timeoutMs: 15_000 });
    if (!result.failed) return { ok: true };
    // -1743: the user denied Automation consent; no osascript at all: fall back to SIGTERM.
    const detail = failureDetail(result, "osascript");
    const term = await this.kill(ctx, main, "terminate");
    return term.ok ? { ok: true, detail } : { ok: false, detail: `${detail}; ${term.detail ?? ""}` };
  },

  escalation: ["terminate", "kill"],

  async kill(ctx, processes, level) {
    const pids = [...new Set(processes.map((p) => String(p.pid)))];
    if (pids.length === 0) return { ok: true };
    const result = await ctx.proc.run(systemPath(ctx, "/bin/kill"), ["-s", level === "kill" ? "KILL" : "TERM", ...pids]);
    return result.failed ? { ok: false, detail: failureDetail(result, "kill") } : { ok: true };
  },

  async startedAt(ctx, pid) {
    // The elapsed time is the same in every locale and time zone, unlike lstart's date.
    const result = await ctx.proc.run(systemPath(ctx, "/bin/ps"), ["-o", "etime=", "-p", String(pid)]);
    const elapsed = result.failed ? null : parseElapsed(result.stdout);
    return elapsed === null ? null : new Date(ctx.clock.now().getTime() - elapsed * 1000);
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
