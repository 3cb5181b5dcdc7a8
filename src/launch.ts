// What bin/ runs first (built on its own as dist/launch.js, a few kilobytes). A command line that
// is exactly `--version`, or `[team] [command] --help`, is answered from dist/help.json: the text
// the build captured from commander itself for every command, in both languages, as commander
// prints it at 80 columns. Loading commander and the catalogue to print it costs more than Node's
// own start (docs/performance.md). Anything else, and a terminal narrower than 80 columns, where
// commander wraps at the terminal's width, goes to the CLI.
import { fstatSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { langFromEnv } from "./i18n/lang.js";

type Env = Record<string, string | undefined>;

/** What the build writes: the version, and each language's help by command path ("" the program). */
export interface HelpFile {
  version: string;
  help: Record<"en" | "zh-CN", Record<string, string>>;
}

/** The width help is written at; commander's too, on a wider terminal (cli/session.ts). */
export const HELP_WIDTH = 80;

const isHelpFlag = (arg: string | undefined) => arg === "--help" || arg === "-h";

/** The answer for these arguments from the help file, or null when commander must answer. */
export function earlyAnswer(args: string[], env: Env, file: HelpFile): string | null {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) return `${file.version}\n`;
  if (args.length === 0 || args.length > 3 || !isHelpFlag(args.at(-1))) return null;
  const path = args.slice(0, -1).join(" ");
  const help = file.help[langFromEnv(env)];
  return args.slice(0, -1).every((word) => /^[a-z][a-z-]*$/.test(word)) && Object.hasOwn(help, path) ? help[path]! : null;
}

/** `help [command…]` is `[command…] --help`, as in commander's and gh's own help command. */
export function helpAsFlag(argv: string[]): string[] {
  return argv[2] === "help" ? [...argv.slice(0, 2), ...argv.slice(3), "--help"] : argv;
}

/** Answers a version or help request; false when the CLI must run. */
export function answerEarly(argv: string[], env: Env, dist: string): boolean {
  const args = helpAsFlag(argv).slice(2);
  // Cheap checks first: most runs are not a help or version request.
  if (args.length === 0 || args.length > 3 || !(isHelpFlag(args.at(-1)) || (args.length === 1 && /^(--version|-V)$/.test(args[0]!)))) {
    return false;
  }
  let device: boolean;
  try {
    device = fstatSync(1).isCharacterDevice();
  } catch {
    device = true;
  }
  // A terminal (or /dev/null) is written through process.stdout, which knows a terminal's width;
  // a file or a pipe is written directly (creating the stream costs more than this whole answer).
  if (device && process.stdout.isTTY && (process.stdout.columns || HELP_WIDTH) < HELP_WIDTH) return false;
  const text = earlyAnswer(args, env, JSON.parse(readFileSync(join(dist, "help.json"), "utf8")) as HelpFile);
  if (text === null) return false;
  if (device) process.stdout.write(text);
  else writeAll(text);
  return true;
}

function writeAll(text: string): void {
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
