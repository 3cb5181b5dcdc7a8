// What bin/ does before the CLI loads (built on its own as dist/launch.js):
// - answers exactly `--version`, `--help` and `[team] <command> --help` from the text the build
//   generated through commander (dist/help-<lang>.json), without loading commander or the
//   catalogue: they cost more than Node's own start;
// - otherwise starts the CLI through the bundle loader, with its code cache (src/bundle-loader.ts).
import { fstatSync, readFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { BundleLoader, cacheKey, codeCacheDir, codeCacheRoot } from "./bundle-loader.js";
import { V8_FLAGS_HOOK } from "./core/v8-flags-hook.js";
import { expandHelp } from "./cli/help-template.js";
import { langFromEnv } from "./i18n/lang.js";
import { VERSION } from "./version.js";

type Env = Record<string, string | undefined>;

declare const __BUILD_ID__: string | undefined;
/** A hash of the bundle's files, set by the build (the code cache's folder is named after it). */
const BUILD_ID = typeof __BUILD_ID__ === "string" ? __BUILD_ID__ : "dev";

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

/**
 * Starts the CLI: its files are loaded by the bundle loader, with the code cache in the user's own
 * cache folder (see src/bundle-loader.ts); NODE_DISABLE_COMPILE_CACHE turns the cache off.
 */
export function startCli(env: Env, dist: string, nodeRequire: (id: string) => unknown): { main(): Promise<void> } {
  const cacheRoot = env.NODE_DISABLE_COMPILE_CACHE ? null : codeCacheRoot(env, process.platform, homedir());
  const cacheDir = codeCacheDir(cacheRoot, cacheKey(VERSION, BUILD_ID, process.versions.node, process.arch), process.getuid?.() ?? null);
  const loader = new BundleLoader({ root: dist, nodeRequire, cacheDir });
  (globalThis as Record<symbol, unknown>)[V8_FLAGS_HOOK] = (flags: string) => loader.setV8Flags(flags);
  if (cacheDir !== null) process.once("exit", () => loader.flush());
  return loader.load(join(dist, "cli.js")) as { main(): Promise<void> };
}
