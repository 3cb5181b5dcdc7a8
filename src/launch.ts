// What bin/ does before the CLI loads (built on its own as dist/launch.js):
// - answers exactly `--version`, `--help` and `[team] <command> --help` from the text the build
//   generated through commander (dist/help-<lang>.json), without loading commander or the
//   catalogue: they cost more than Node's own start;
// - turns on Node's compile cache (Node 22.1 and newer) in a directory of the user's own.
import { fstatSync, lstatSync, mkdirSync, readFileSync, writeSync } from "node:fs";
import * as nodeModule from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { expandHelp } from "./cli/help-template.js";
import { langFromEnv } from "./i18n/lang.js";

type Env = Record<string, string | undefined>;

/** What the build writes for each language. */
export interface HelpFile {
  version: string;
  /** Each command path's help as a template ("" the program, "team provision" a team command). */
  help: Record<string, string>;
}

const isHelpFlag = (arg: string | undefined) => arg === "--help" || arg === "-h";

/**
 * What argv asks for when it is exactly a version or help request: "version", or the command path
 * whose help it is. Anything else (another option, a value, --lang) is left to commander.
 */
export function earlyRequest(args: string[], paths: readonly string[]): { version: true } | { help: string } | null {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) return { version: true };
  if (args.length === 0 || !isHelpFlag(args.at(-1))) return null;
  const path = args.slice(0, -1).join(" ");
  return args.slice(0, -1).every((word) => /^[a-z][a-z-]*$/.test(word)) && paths.includes(path) ? { help: path } : null;
}

/** The text to print for argv at this width, or null when commander must answer. */
export function earlyAnswer(args: string[], env: Env, dist: string, width: number): string | null {
  // Cheap checks first: most runs are not a help or version request.
  const versionOrHelp = args.length === 1 ? ["--version", "-V", "--help", "-h"].includes(args[0]!) : isHelpFlag(args.at(-1));
  if (args.length === 0 || args.length > 3 || !versionOrHelp) return null;
  const file = JSON.parse(readFileSync(join(dist, `help-${langFromEnv(env)}.json`), "utf8")) as HelpFile;
  const request = earlyRequest(args, Object.keys(file.help));
  if (request === null) return null;
  return "version" in request ? `${file.version}\n` : expandHelp(file.help[request.help]!, width);
}

/** Writes to stdout without creating process.stdout when it is a file or a pipe (a stream costs more than this whole answer). */
function writeOut(text: string, stdoutIsDevice: boolean): void {
  if (stdoutIsDevice) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return; // the reader went away (`--help | head`)
      if (code !== "EAGAIN") throw error;
      process.stdout.write(bytes.subarray(written));
      return;
    }
  }
}

/** Answers a version or help request; false when the CLI must run. */
export function answerEarly(argv: string[], env: Env, dist: string): boolean {
  const args = argv.slice(2);
  if (args.length === 0 || args.length > 3) return false;
  // A terminal (or the Windows console, or /dev/null) is written through process.stdout, which
  // also knows a terminal's width, as commander would; a file or a pipe gets 80 columns.
  let device = true;
  try {
    device = fstatSync(1).isCharacterDevice();
  } catch {
    device = true;
  }
  const width = device && process.stdout.isTTY ? process.stdout.columns || 80 : 80;
  const text = earlyAnswer(args, env, dist, width);
  if (text === null) return false;
  writeOut(text, device);
  return true;
}

/** Each system's folder for a user's caches (bin/ loads no platform module: this is all it needs). */
const CACHE_BASE: Partial<Record<NodeJS.Platform, (env: Env, home: string) => string | undefined>> = {
  win32: (env) => env.LOCALAPPDATA,
  darwin: (_env, home) => join(home, "Library", "Caches"),
};
const xdgCache = (env: Env, home: string) => (env.XDG_CACHE_HOME?.startsWith("/") ? env.XDG_CACHE_HOME : join(home, ".cache"));

/** Where the compile cache may live: a directory of the user's own, or null. */
export function compileCacheDir(env: Env, platform: NodeJS.Platform, home: string): string | null {
  const base = (CACHE_BASE[platform] ?? xdgCache)(env, home);
  return base ? join(base, "claude-desktop-openrouter", "compile-cache") : null;
}

/**
 * Whether a directory is safe to load compiled code from: a real directory (no link), and on
 * POSIX owned by this user and writable by no one else. Created (owner-only) when missing.
 */
export function privateDirectory(dir: string, uid: number | null): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    return uid === null || (stat.uid === uid && (stat.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

/**
 * Node's compile cache (Node 22.1 and newer): the bundle's code compiled once, not at every start.
 * Only in a private directory of the user's own (code loaded from a directory someone else can
 * write would run as this user); where there is none, or NODE_DISABLE_COMPILE_CACHE is set, or
 * NODE_COMPILE_CACHE already chose one, Node's own rules apply and nothing is written here.
 */
export function enableCompileCache(env: Env): void {
  const enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== "function" || env.NODE_DISABLE_COMPILE_CACHE || env.NODE_COMPILE_CACHE) return;
  const dir = compileCacheDir(env, process.platform, homedir());
  if (dir && privateDirectory(dir, process.getuid?.() ?? null)) enable(dir);
}
