// The entry: the command tree (commander), each command's module run with one Context, and the
// outcome printed once (JSON on stdout, or the command's human rendering); src/cli/session.ts
// holds the run's state, src/cli/errors.ts the failures. Only commander and the catalogue load
// at start; each command's module is imported when commander dispatches to it, and adds its own
// options (declared beside its schema) to its entry in the tree then (building every command's
// options costs more than some commands take). bin/ answers `--help` and `--version` before any
// of this loads (src/launch.ts).
import { Command } from "commander";
import { resolve } from "node:path";
import type { MessageKey } from "./i18n/catalogue.js";
import { shutdown } from "./core/shutdown.js";
import { isCommanderExit } from "./cli/errors.js";
import { translatedHelp } from "./cli/help.js";
import { helpAsFlag } from "./launch.js";
import { type CommandAction, commanderOutput, fail, type Io, openSession, runs, type Session } from "./cli/session.js";
import { VERSION } from "./version.js";
import { examples, type OptionKit } from "./commands/option-groups.js";

export type { Io, IoStreams } from "./cli/session.js";
export { parseBaseUrl } from "./cli/session.js";

/** Each command's module, loaded when commander dispatches to it: its options, then its run. */
const MODULES = {
  setup: () => import("./commands/setup.js"),
  show: () => import("./commands/show.js"),
  revert: () => import("./commands/revert.js"),
  export: () => import("./commands/export.js"),
  doctor: () => import("./commands/doctor.js"),
  quit: () => import("./commands/quit.js"),
  restart: () => import("./commands/restart.js"),
  models: () => import("./commands/models.js"),
  status: () => import("./commands/status.js"),
  "team provision": () => import("./commands/team/provision.js"),
  "team usage": () => import("./commands/team/usage.js"),
  "team policy": () => import("./commands/team/policy.js"),
  "team revoke": () => import("./commands/team/revoke.js"),
  "team set-limit": () => import("./commands/team/set-limit.js"),
};

const COMMANDS = {
  setup: runs(MODULES.setup),
  show: runs(MODULES.show),
  revert: runs(MODULES.revert),
  export: runs(MODULES.export),
  doctor: runs(MODULES.doctor),
  quit: runs(MODULES.quit),
  restart: runs(MODULES.restart),
  models: runs(MODULES.models),
  status: runs(MODULES.status),
  "team provision": runs(MODULES["team provision"]),
  "team usage": runs(MODULES["team usage"]),
  "team policy": runs(MODULES["team policy"]),
  "team revoke": runs(MODULES["team revoke"]),
  "team set-limit": runs(MODULES["team set-limit"]),
} satisfies Record<keyof typeof MODULES, CommandAction>;

type CommandName = keyof typeof COMMANDS;
type Translate = (key: MessageKey) => string;
/** What commander calls with a command's arguments, its options and the command. */
type Action = (...args: unknown[]) => Promise<void>;
/** How a command module adds its options to its entry in the tree. */
type AddOptions = (command: Command, kit: OptionKit) => Command;

const EXAMPLES = [
  "npx claude-desktop-openrouter",
  "npx claude-desktop-openrouter setup --login",
  "OPENROUTER_API_KEY=… npx claude-desktop-openrouter setup --yes",
  "npx claude-desktop-openrouter setup --dry-run --api-key-file key.txt",
  "npx claude-desktop-openrouter show --json",
  "npx claude-desktop-openrouter doctor --live",
  "npx claude-desktop-openrouter models --all",
  "npx claude-desktop-openrouter status --json",
  "npx claude-desktop-openrouter revert",
];

/** The program itself: its description, version and global options. */
function programCommand(t: Translate): Command {
  return new Command("claude-desktop-openrouter")
    .description(t("help.program"))
    .version(VERSION, "-V, --version", t("help.version"))
    .helpOption("-h, --help", t("help.help"))
    .helpCommand(false)
    .option("--json", t("help.json"))
    .option("--lang <lang>", t("help.lang"))
    .option("-y, --yes", t("help.yes"))
    .option("--no-color", t("help.noColor"))
    .option("--verbose", t("help.verbose"))
    .option("--config-dir <dir>", t("help.configDir"))
    .option("--base-url <url>", t("help.baseUrl"))
    .addHelpText("after", examples(t, EXAMPLES));
}

/** Every command in the tree: its place, its description, and the arguments it takes. */
const TREE: { name: CommandName; description: MessageKey; isDefault?: true; names?: true }[] = [
  { name: "setup", description: "help.setup", isDefault: true },
  { name: "show", description: "help.show" },
  { name: "revert", description: "help.revert" },
  { name: "export", description: "help.export" },
  { name: "doctor", description: "help.doctor" },
  { name: "quit", description: "help.cmdQuit" },
  { name: "restart", description: "help.cmdRestart" },
  { name: "models", description: "help.modelsCommand" },
  { name: "status", description: "help.status" },
  { name: "team provision", description: "help.teamProvision" },
  { name: "team usage", description: "help.teamUsage" },
  { name: "team policy", description: "help.teamPolicy" },
  { name: "team revoke", description: "help.teamRevoke", names: true },
  { name: "team set-limit", description: "help.teamSetLimit", names: true },
];

/** What commander calls for a command: its arguments (team revoke's names) join its options. */
function actionFor(session: Session, name: CommandName): Action {
  return (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = { ...(args.at(-2) as Record<string, unknown>) };
    // A --no-… option left out is "not chosen", not "on": setup keeps what the entry has then.
    for (const key of ["pricing", "attribution", "gatewayOnly"]) if (command.getOptionValueSource(key) === "default") delete options[key];
    const names = args.length > 2 ? { names: args[0] } : {};
    return COMMANDS[name](session, { ...options, ...names }, command);
  };
}

/** A word that is not a command would land in setup (the default) as its argument: it is an unknown command instead. */
function refuseUnknownWords(program: Command): void {
  program.hook("preSubcommand", (_parent, command) => {
    const [first] = program.args;
    // commander's own "did you mean" (a method its types omit).
    if (command.name() === "setup" && first !== undefined && first !== "setup" && !first.startsWith("-"))
      (program as Command & { unknownCommand(): never }).unknownCommand();
  });
}

/**
 * The entries of the tree to build: the one command the arguments name, or all of them (the
 * program's help, "did you mean" for a word that is not a command, the default command). Building
 * every command costs more than some commands take; commander dispatches on the same first word.
 */
export function namedEntries(args: string[], program: Command): typeof TREE {
  if (args.some((arg) => arg === "--help" || arg === "-h")) return TREE;
  const known = new Map(program.options.flatMap((option) => [option.long, option.short].map((flag) => [flag, option] as const)));
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    if (arg.length > 1 && arg.startsWith("-")) {
      const option = known.get(arg.split("=")[0]);
      // An option the program does not have is the default command's (setup --model x): commander
      // hands it and every word after it to setup, so no word after it names the command.
      if (!option) return TREE;
      // A program option that takes a value (--lang zh-CN) is followed by that value, not a command.
      if ((option.required || option.optional) && !arg.includes("=")) i++;
      continue;
    }
    words.push(arg);
    if (arg !== "team") break;
  }
  const named = TREE.filter((entry) => entry.name === words.join(" "));
  return named.length > 0 ? named : TREE;
}

/** Adds a command's options (from its own module) and its action to its entry in the tree. */
async function addOptions(session: Session, command: Command, name: CommandName, help: Translate): Promise<void> {
  const kit: OptionKit = { t: help, inCwd: (value) => resolve(session.io.cwd, value) };
  const module = (await MODULES[name]()) as { options: AddOptions };
  module.options(command, kit).action(actionFor(session, name));
}

/**
 * The command tree: the named command, or every command with its description (for the help and
 * for "did you mean"), and each command's options, added from its module when commander
 * dispatches to it.
 */
async function buildProgram(session: Session, argv: string[]): Promise<Command> {
  // Descriptions are what the help shows, and only a run that builds every command can print a
  // help (-h, --help, `help`, `team` alone…): a run of one named command gives commander none, and
  // parses no help text from the catalogue.
  const bare = programCommand(() => "");
  const entries = session.io.onProgram ? TREE : namedEntries(argv.slice(2), bare);
  const t: Translate = entries === TREE ? (key) => session.ui.t(key) : () => "";
  const program = entries === TREE ? programCommand(t) : bare;
  const pending = new Map<Command, CommandName>();
  let team: Command | undefined;
  for (const entry of entries) {
    const inTeam = entry.name.startsWith("team ");
    if (inTeam) team ??= program.command("team").description(t("help.team")).helpCommand(false);
    const parent = inTeam && team ? team : program;
    const command = parent.command(inTeam ? entry.name.slice(5) : entry.name, { isDefault: entry.isDefault ?? false });
    command.description(t(entry.description));
    if (entry.names) command.argument("<name...>");
    pending.set(command, entry.name);
  }
  const parents = team ? [program, team] : [program];

  const help = translatedHelp(session.ui.t);
  for (const command of [program, ...parents.flatMap((parent) => parent.commands)]) {
    command.exitOverride().configureOutput(commanderOutput(session)).configureHelp(help).helpOption("-h, --help", t("help.help"));
  }
  refuseUnknownWords(program);
  const complete = async (command: Command) => {
    const name = pending.get(command);
    pending.delete(command);
    if (name) await addOptions(session, command, name, t);
  };
  for (const parent of parents) parent.hook("preSubcommand", (_parent, command) => complete(command));
  if (session.io.onProgram) {
    for (const command of [...pending.keys()]) await complete(command);
    session.io.onProgram(program);
  }
  return program;
}

export async function run(io: Io): Promise<number> {
  const session = await openSession(io);
  try {
    const argv = helpAsFlag(io.argv);
    await (await buildProgram(session, argv)).parseAsync(argv);
  } catch (error) {
    return isCommanderExit(error) ? 0 : fail(session, error);
  }
  return session.exitCode;
}

/**
 * Whether each standard stream is a terminal, asked when first read: Node's tty module loads its
 * net module, which a run that never asks (no prompt, no colour to decide) does not need.
 */
function terminalsOnAsk(): Io["tty"] {
  const known: Partial<Record<"stdin" | "stdout" | "stderr", boolean>> = {};
  const ask = (name: "stdin" | "stdout" | "stderr", fd: number) => (known[name] ??= process.getBuiltinModule("node:tty").isatty(fd));
  return {
    get stdin() {
      return ask("stdin", 0);
    },
    get stdout() {
      return ask("stdout", 1);
    },
    get stderr() {
      return ask("stderr", 2);
    },
  };
}

/** Called by bin/: the real process. */
export async function main(): Promise<void> {
  // Node builds process.stdout and process.stderr when first touched (a pipe's stream loads the net
  // module): each is reached through here, when the run first writes to it, and the streams it
  // opened are the ones flushed at the end.
  const opened = new Set<NodeJS.WriteStream>();
  const open = (stream: NodeJS.WriteStream) => {
    if (!opened.has(stream)) {
      opened.add(stream);
      // A reader that goes away (`… --help | head`) is not an error: stop quietly.
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw error;
      });
    }
    return stream;
  };
  // Once nothing is left to do, leave at once: Node would otherwise take its time tearing down
  // the JavaScript heap, after the last byte of output.
  process.once("beforeExit", () => process.exit());
  try {
    process.exitCode = await run({
      argv: process.argv,
      env: process.env,
      cwd: process.cwd(),
      // Getters: touching process.stdin builds a stream, which --help and --version never need.
      get stdin() {
        return process.stdin;
      },
      get stdout() {
        return open(process.stdout);
      },
      get stderr() {
        return open(process.stderr);
      },
      tty: terminalsOnAsk(),
    });
  } finally {
    // The command is done. If it used the network, its connections (kept alive, or abandoned
    // mid-handshake) are dropped: leave once the output is flushed instead of waiting for them.
    // A process that drains sooner exits on its own.
    if ((await shutdown()) > 0) {
      await Promise.all([...opened].map((stream) => new Promise((done) => stream.write("", done))));
      setTimeout(() => process.exit(), 50).unref();
    }
  }
}
