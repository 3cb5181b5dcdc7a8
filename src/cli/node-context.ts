// Builds the real Context from the running process. The only module besides cli.ts that reads
// process.*; everything else receives what it needs through the Context.
import { readFileSync } from "node:fs";
import { homedir, hostname, uptime } from "node:os";
import { resolve } from "node:path";
import type {
  Context,
  ContextBase,
  Env,
  ProcessRunner,
  RunOptions,
  RunResult,
  SpawnDetachedOptions,
  Streams,
  PlatformId,
} from "../core/context.js";
import { detectPlatform, platformModule } from "../platform/index.js";
import { syncFileSystem } from "../core/node-fs.js";
import { readSeams } from "../core/seams.js";

/** Variables a child process may see: enough to run system tools, never a secret. */
const CHILD_ENV_ALLOW = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "LANG",
  "LC_ALL",
  "TMPDIR",
  "SystemRoot",
  "windir",
  "USERPROFILE",
  "APPDATA",
  "LOCALAPPDATA",
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "XDG_RUNTIME_DIR",
  "DBUS_SESSION_BUS_ADDRESS",
  "XDG_CONFIG_HOME",
];

export function childEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CHILD_ENV_ALLOW) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function createRunner(env: Env): ProcessRunner {
  return {
    async run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
      const { execa } = await import("execa");
      const timeout = options.timeoutMs ?? 10_000;
      const subprocess = execa(file, args, {
        env: { ...childEnv(env), ...options.env },
        extendEnv: false,
        reject: false,
        timeout,
        ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" as const }),
        ...(options.group ? { detached: true } : {}),
        windowsHide: true,
      });
      // Just after execa's own timeout stopped the program, whatever it started goes too.
      const pid = subprocess.pid;
      const groupTimer =
        options.group && pid
          ? setTimeout(() => {
              try {
                process.kill(-pid, "SIGKILL");
              } catch {
                subprocess.kill("SIGKILL");
              }
            }, timeout + 100)
          : undefined;
      const result = await subprocess.finally(() => clearTimeout(groupTimer));
      const notFound = (result as { code?: string }).code === "ENOENT";
      return {
        exitCode: result.exitCode ?? 1,
        stdout: String(result.stdout ?? ""),
        stderr: String(result.stderr ?? ""),
        failed: result.failed,
        ...(notFound ? { notFound: true } : {}),
        ...(result.timedOut ? { timedOut: true } : {}),
      };
    },
    async spawnDetached(file: string, args: string[], options: SpawnDetachedOptions = {}): Promise<number> {
      const { spawn } = await import("node:child_process");
      return new Promise<number>((resolvePid, reject) => {
        const child = spawn(file, args, {
          env: { ...childEnv(env), ...options.env },
          detached: true,
          stdio: "ignore",
          windowsHide: false,
        });
        child.once("error", reject);
        if (options.onExit) child.once("exit", options.onExit);
        child.once("spawn", () => {
          child.unref();
          resolvePid(child.pid ?? 0);
        });
      });
    },
    signal(pid: number, signal: NodeJS.Signals): boolean {
      try {
        process.kill(pid, signal);
        return true;
      } catch {
        return false;
      }
    },
    isAlive(pid: number): boolean {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
      }
    },
  };
}

/** Linux: the kernel's boot time (/proc/stat btime, always the real /proc); elsewhere now − uptime. */
function bootTime(): Date | null {
  try {
    const btime = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1];
    if (btime) return new Date(Number(btime) * 1000);
  } catch {
    // Not Linux.
  }
  const seconds = uptime();
  return seconds > 0 ? new Date(Date.now() - seconds * 1000) : null;
}

/** The system a run behaves as: the real one, or the test seam's. */
export function nodePlatform(env: ContextBase["env"]): PlatformId {
  return detectPlatform(readSeams(env).platform, process.platform);
}

/** The Context of a real run; that system's modules are loaded (platform/load-os.ts). */
export function createNodeContext(options: ContextBase): Context {
  const { env } = options;
  const source = options.streams;
  const seams = readSeams(env);
  const platform = nodePlatform(env);
  const home = platformModule(platform).homeFromEnv(env) || homedir();
  const streams: Streams = {
    // A getter: stdin is opened only by a command that reads it.
    get stdin() {
      return source.stdin;
    },
    stdout: source.stdout,
    stderr: source.stderr,
    ...(source.rawStdout ? { rawStdout: source.rawStdout } : {}),
  };
  const ctx: Context = {
    platform,
    settings: options.settings,
    env,
    home: resolve(home),
    root: seams.root ? resolve(seams.root) : "",
    pid: process.pid,
    uid: process.getuid?.() ?? null,
    hostname: hostname(),
    onInterrupt: (last) => {
      const handler = () => {
        last();
        process.exit(130);
      };
      process.once("SIGINT", handler);
      process.once("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
    fs: syncFileSystem,
    proc: createRunner(env),
    clock: { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), bootTime },
    streams,
    ui: options.ui,
    secrets: options.secrets,
    publicValues: options.publicValues ?? new Set(),
  };
  // This process's own start is known without asking the system (on Windows that would start
  // PowerShell, on macOS ps, for every write's lock); any other process's is read by the
  // platform's OS module, the same reader doctor uses (loaded only when asked).
  const ownStart = new Date(ctx.clock.now().getTime() - process.uptime() * 1000);
  ctx.proc.startTime = async (pid) =>
    pid === ctx.pid ? ownStart : (await import("../lifecycle/index.js")).lifecycleModule(ctx).startedAt(ctx, pid);
  return ctx;
}
