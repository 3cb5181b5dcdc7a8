// One run of the CLI: its language and messages, the redacting streams every byte goes through,
// the Context a command gets once the global options are known, and how its outcome or failure
// is printed. cli.ts builds the command tree on top of it.
import type { Command, OutputConfiguration } from "commander";
import { isAbsolute, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { Context, ContextBase, Env, GlobalSettings, OutputStream, Streams, Ui } from "../core/context.js";
import { looksLikeCredential } from "../core/credentials.js";
import { ExitCode } from "../core/exit-codes.js";
import { usageError } from "../core/errors.js";
import { RedactingStream } from "../core/redact.js";
import { readSeams } from "../core/seams.js";
import { jsonText, stripControlsDeep } from "../core/terminal-text.js";
import { createUi, decideColor } from "../core/ui.js";
import { DEFAULT_BASE_URL } from "../core/url.js";
import { langFromEnv, parseLang, type Lang, type Messages } from "../i18n/catalogue.js";
import { loadMessages } from "../i18n/load.js";
import { loadOsRooms } from "../platform/load-os.js";
import type { CommandModule, Outcome } from "../commands/types.js";
import { printError, toCliError } from "./errors.js";
import { loadColours } from "../render/style.js";
// The widest help commander writes: src/launch.ts answers --help with text of this width.
import { HELP_WIDTH } from "../launch.js";

/** The streams a run reads and writes: every byte the CLI prints goes to stdout or stderr here. */
export interface IoStreams {
  /** Read only by the commands that need it (a getter in main(), so --help never opens it). */
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & OutputStream;
  readonly stderr: Writable & OutputStream;
}

export interface Io extends IoStreams {
  argv: string[];
  env: Env;
  cwd: string;
  /** Whether each stream is a terminal, known without opening it (main() asks when first read). */
  readonly tty: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  /** Builds the Context once global options are known (tests pass their own). */
  makeContext?: (base: ContextBase) => Context;
  /** Sees the commands and options before parsing, every command built (tests derive their cases from it). */
  onProgram?: (program: Command) => void;
}

interface GlobalOptions {
  json?: boolean;
  lang?: string;
  yes?: boolean;
  color?: boolean;
  verbose?: boolean;
  configDir?: string;
  baseUrl?: string;
}

export interface Session {
  readonly io: Io;
  readonly messages: Messages;
  /** The run's messages until a command sets its own (--json, --verbose, colour). */
  ui: Ui;
  readonly streams: Streams;
  readonly secrets: Set<string>;
  readonly publicValues: Set<string>;
  context?: Context;
  exitCode: number;
}

/** The language before commander runs, so --help itself is translated. */
function earlyLang(argv: string[], env: Env): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = arg.startsWith("--lang=") ? arg.slice(7) : arg === "--lang" ? argv[i + 1] : undefined;
    if (value !== undefined) return parseLang(value) ?? langFromEnv(env);
  }
  return langFromEnv(env);
}

export async function openSession(io: Io): Promise<Session> {
  const messages = await loadMessages(earlyLang(io.argv.slice(2), io.env));
  const secrets = new Set<string>();
  const publicValues = new Set<string>();
  return {
    io,
    messages,
    ui: createUi({ messages, json: io.argv.includes("--json"), verbose: false, color: false, yes: false, terminals: false }),
    // Everything is written through these: the key in use and anything shaped like a credential
    // are masked here, once, whichever code path produced the text.
    streams: {
      get stdin() {
        return io.stdin;
      },
      // The real streams are reached when first written: a run that writes nothing to stderr
      // never makes Node build it (a pipe's stream loads the net module).
      stdout: new RedactingStream(() => io.stdout, secrets, publicValues),
      stderr: new RedactingStream(() => io.stderr, secrets, publicValues),
      get rawStdout() {
        return io.stdout;
      },
    },
    secrets,
    publicValues,
    exitCode: ExitCode.ok,
  };
}

/** commander's own output (help, version) goes to the run's streams too, sized by them. */
export function commanderOutput(session: Session): OutputConfiguration {
  const { io, streams } = session;
  return {
    writeOut: (text) => streams.stdout.write(text),
    writeErr: (text) => streams.stderr.write(text),
    outputError: () => undefined,
    // At most 80 columns, narrower on a narrower terminal: the help bin/ prints without commander
    // is the same text (src/launch.ts).
    getOutHelpWidth: () => Math.min((io.tty.stdout && io.stdout.columns) || HELP_WIDTH, HELP_WIDTH),
    getErrHelpWidth: () => Math.min((io.tty.stderr && io.stderr.columns) || HELP_WIDTH, HELP_WIDTH),
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
}

/**
 * The gateway base URL, judged by the app's own rule (https, or http on 127.0.0.1, localhost or
 * [::1]; no credentials in it; no /v1), without a trailing slash. The rule loads only here.
 */
export async function parseBaseUrl(value: string): Promise<string> {
  const { baseUrlProblem, withScheme } = await import("../config/app-rules.js");
  const problem = baseUrlProblem(value);
  if (problem === "scheme") throw usageError("error.baseUrlScheme", { url: value }, "hint.baseUrl");
  if (problem === "v1") throw usageError("error.baseUrlV1", { url: value }, "hint.baseUrl");
  if (problem === "credentials" || problem === "secret") throw usageError(`rules.baseUrl.${problem}`, { url: value }, "hint.baseUrl");
  let url: URL | null = null;
  try {
    url = problem === "invalid" ? null : new URL(withScheme(value));
  } catch {
    url = null;
  }
  if (!url || url.search || url.hash) throw usageError("error.baseUrlInvalid", { url: value }, "hint.baseUrl");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * The first option other than --api-key whose value looks like a credential (a key pasted into
 * the wrong option): it is refused before anything reads, echoes or writes it.
 */
function optionHoldingCredential(command: Command): string | undefined {
  for (let cmd: Command | null = command; cmd; cmd = cmd.parent) {
    for (const option of cmd.options) {
      if (option.long === "--api-key") continue;
      const value: unknown = cmd.getOptionValue(option.attributeName());
      const values: unknown[] = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === "string" && looksLikeCredential(v))) return option.long ?? option.flags;
    }
  }
  return undefined;
}

/** Where the tool looks and what it writes, from the global options and the test seams. */
async function settingsFrom(io: Io, globals: GlobalOptions): Promise<GlobalSettings> {
  const baseUrl = globals.baseUrl !== undefined ? await parseBaseUrl(globals.baseUrl) : DEFAULT_BASE_URL;
  const configDir = globals.configDir ?? io.env.CLAUDE_USER_DATA_DIR;
  const seams = readSeams(io.env);
  return {
    baseUrl,
    apiUrl: seams.apiUrl ?? `${baseUrl}/v1`,
    ...(seams.httpTimeoutMs !== undefined ? { httpTimeoutMs: seams.httpTimeoutMs } : {}),
    ...(configDir ? { configDir: isAbsolute(configDir) ? configDir : resolve(io.cwd, configDir) } : {}),
  };
}

/** The Context for the command commander is about to run, once its options are checked. */
async function contextFor(session: Session, command: Command): Promise<Context> {
  const { io } = session;
  const globals: GlobalOptions = command.optsWithGlobals();
  session.ui = createUi({
    messages: session.messages,
    json: Boolean(globals.json),
    verbose: Boolean(globals.verbose),
    // The terminals are asked only when needed (NO_COLOR decides alone; a prompt asks): see Io.tty.
    color: decideColor(io.env, () => io.tty.stderr, globals.color === false),
    yes: Boolean(globals.yes),
    get terminals() {
      return io.tty.stdin && io.tty.stdout;
    },
  });
  if (session.ui.color) await loadColours();
  const holder = optionHoldingCredential(command);
  if (holder) throw usageError("error.optionHoldsCredential", { option: holder }, "hint.optionHoldsCredential");
  if (globals.lang && !parseLang(globals.lang)) throw usageError("error.langInvalid", { lang: globals.lang }, "hint.help");
  const { ui, streams, secrets, publicValues } = session;
  const base: ContextBase = { env: io.env, ui, settings: await settingsFrom(io, globals), secrets, publicValues, streams };
  const { createNodeContext, nodePlatform } = await import("./node-context.js");
  // This system's modules, the one set a run needs (platform/os-rooms.ts), before the Context,
  // which asks them where home is. (A test's own Context may behave as another system: the suite
  // loads every system's set.)
  await loadOsRooms(nodePlatform(io.env));
  session.context = io.makeContext ? io.makeContext(base) : createNodeContext(base);
  const { checkHome } = await import("../core/ownership.js");
  await checkHome(session.context);
  return session.context;
}

/** What commander calls for a command: build its Context, load its module, run it, print. */
export type CommandAction = (session: Session, options: Record<string, unknown>, command: Command) => Promise<void>;

/** The action of the command a module implements; each module is loaded only when it runs. */
export function runs<O, R extends object>(load: () => Promise<CommandModule<O, R>>): CommandAction {
  return async (session, options, command) => {
    const ctx = await contextFor(session, command);
    const module = await load();
    // commander hands over the values it parsed; each command validates them with its own schema.
    const outcome: Outcome<R> = await module.run(ctx, options as O);
    session.exitCode = outcome.exitCode;
    if (ctx.ui.json) ctx.streams.stdout.write(`${jsonText({ ok: outcome.exitCode === 0, ...outcome.result })}\n`);
    // People read the result: every string in it (a server's field, a name from a file) is
    // stripped of control characters first; our own colours are added by the renderer after.
    else module.render(ctx, { ...outcome, result: stripControlsDeep(outcome.result) });
  };
}

/** Prints a failure once, through the Context when there is one; returns its exit code. */
export function fail(session: Session, error: unknown): number {
  const cliError = toCliError(error);
  printError(session.context ?? { ...session, env: session.io.env }, cliError);
  return cliError.exitCode;
}
