// The entry: the command tree (commander), each command's module run with one Context, and the
// outcome printed once (JSON on stdout, or the command's human rendering); src/cli/session.ts
// holds the run's state, src/cli/errors.ts the failures. Only commander and the catalogue load
// at start; each command is imported when it runs, and its options are added to the tree only
// when commander dispatches to it (building every command's options costs more than some
// commands take). bin/ answers `--help` and `--version` before any of this loads (src/launch.ts).
import { Command, Option } from "commander";
import { resolve } from "node:path";
import { isatty } from "node:tty";
import type { MessageKey } from "./i18n/catalogue.js";
import { shutdown } from "./core/shutdown.js";
import { isCommanderExit } from "./cli/errors.js";
import { translatedHelp } from "./cli/help.js";
import { type CommandAction, commanderOutput, fail, type Io, openSession, runs, type Session } from "./cli/session.js";
import { VERSION } from "./version.js";

export type { Io, IoStreams } from "./cli/session.js";
export { parseBaseUrl } from "./cli/session.js";

/** Each command's module, loaded when it runs. */
const COMMANDS = {
  setup: runs(() => import("./commands/setup.js")),
  show: runs(() => import("./commands/show.js")),
  revert: runs(() => import("./commands/revert.js")),
  export: runs(() => import("./commands/export.js")),
  doctor: runs(() => import("./commands/doctor.js")),
  quit: runs(() => import("./commands/quit.js")),
  restart: runs(() => import("./commands/restart.js")),
  models: runs(() => import("./commands/models.js")),
  status: runs(() => import("./commands/status.js")),
  "team provision": runs(() => import("./commands/team/provision.js")),
  "team usage": runs(() => import("./commands/team/usage.js")),
  "team revoke": runs(() => import("./commands/team/revoke.js")),
  "team set-limit": runs(() => import("./commands/team/set-limit.js")),
} satisfies Record<string, CommandAction>;

type CommandName = keyof typeof COMMANDS;
/** Adds a command's options and action to its entry in the tree. */
type Registration = (command: Command) => unknown;

/**
 * The command tree: every command with its description (for the help and for "did you mean"),
 * and each command's options, added when commander dispatches to it.
 */
function buildProgram(session: Session): Command {
  const t = (key: MessageKey) => session.ui.t(key);
  const { io } = session;
  const action = (name: CommandName) => (options: Record<string, unknown>, command: Command) => COMMANDS[name](session, options, command);
  // A command with arguments (team revoke's names) gets them first, then its options.
  const withNames = (name: CommandName) => (names: string[], options: Record<string, unknown>, command: Command) =>
    action(name)({ ...options, names }, command);

  const program = new Command("claude-desktop-openrouter");
  program
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
    .addHelpText(
      "after",
      `\n${t("help.examples")}\n  npx claude-desktop-openrouter\n  npx claude-desktop-openrouter setup --login\n  OPENROUTER_API_KEY=… npx claude-desktop-openrouter setup --yes\n  npx claude-desktop-openrouter setup --dry-run --api-key-file key.txt\n  npx claude-desktop-openrouter show --json\n  npx claude-desktop-openrouter doctor --live\n  npx claude-desktop-openrouter models --all\n  npx claude-desktop-openrouter status --json\n  npx claude-desktop-openrouter revert\n`,
    );

  const repeatable = (value: string, previous: string[] = []) => [...previous, value];
  const inCwd = (value: string) => resolve(io.cwd, value);
  // Option groups several commands share, so that they read and behave the same everywhere.
  const keyOptions = (command: Command) =>
    command.option("--api-key-file <path>", t("help.apiKeyFile")).option("--api-key <key>", t("help.apiKey"));
  const entryOptions = (command: Command) =>
    keyOptions(command)
      .option("--models <ids>", t("help.models"))
      .option("--discover-models", t("help.discoverModels"))
      .option("--egress <value>", t("help.egress"), repeatable)
      .option("--no-pricing", t("help.noPricing"))
      .option("--no-attribution", t("help.noAttribution"));
  const restartOptions = (command: Command) =>
    command.option("--restart", t("help.restart")).option("--no-restart", t("help.noRestart")).option("--force-quit", t("help.forceQuit"));
  // team: the management key only from a file or the environment; the argument forms exist only
  // so that the command can refuse them by name.
  const teamOptions = (command: Command) =>
    command
      .option("--management-key-file <path>", t("help.teamManagementKeyFile"))
      .addOption(new Option("--management-key <key>").hideHelp())
      .addOption(new Option("--api-key <key>").hideHelp())
      .addOption(new Option("--api-key-file <path>").hideHelp());

  const setup: Registration = (command) =>
    restartOptions(entryOptions(command).option("--name <label>", t("help.name")))
      .option("--dry-run", t("help.dryRun"))
      .option("--skip-key-check", t("help.skipKeyCheck"))
      .option("--repair", t("help.repair"))
      .option("--gateway-only", t("help.gatewayOnly"))
      .option("--no-gateway-only", t("help.noGatewayOnly"))
      .option("--login", t("help.login"))
      .option("--no-browser", t("help.noBrowser"))
      .option("--key-storage <where>", t("help.keyStorage"))
      .action(action("setup"));

  const show: Registration = (command) => command.action(action("show"));

  const revert: Registration = (command) =>
    restartOptions(
      command
        .option("--list", t("help.revertList"))
        .option("--backup <id>", t("help.revertBackup"))
        .option("--dry-run", t("help.dryRun"))
        .option("--repair", t("help.repair"))
        .option("--force", t("help.revertForce"))
        .option("--purge-backups", t("help.purgeBackups")),
    ).action(action("revert"));

  const exportCommand: Registration = (command) =>
    entryOptions(command)
      .addOption(new Option("--format <format>", t("help.exportFormat")).choices(["mobileconfig", "reg", "json"]))
      .option("--out <file>", t("help.exportOut"), (value: string) => (value === "-" ? value : resolve(io.cwd, value)))
      .addOption(new Option("--scope <scope>", t("help.exportScope")).choices(["machine", "user"]))
      .option("--identifier <reverse-dns>", t("help.exportIdentifier"))
      .option("--organization <name>", t("help.exportOrganization"))
      .option("--key-placeholder", t("help.exportKeyPlaceholder"))
      .option("--remove", t("help.exportRemove"))
      .option("--skip-key-check", t("help.skipKeyCheck"))
      .option("--no-gateway-only", t("help.exportNoGatewayOnly"))
      .option("--force", t("help.exportForce"))
      .addHelpText(
        "after",
        `\n${t("help.examples")}\n  npx claude-desktop-openrouter export --out claude.mobileconfig --organization "Example Corp" --identifier com.example.claude\n  npx claude-desktop-openrouter export --out claude.reg --key-placeholder\n  npx claude-desktop-openrouter export --out claude-remove.reg --remove\n  npx claude-desktop-openrouter export --format json --out - --api-key-file key.txt > managed-settings.json\n`,
      )
      .action(action("export"));

  const doctor: Registration = (command) =>
    restartOptions(
      command
        .option("--offline", t("help.doctorOffline"))
        .option("--live", t("help.doctorLive"))
        .option("--fix", t("help.doctorFix"))
        .option("--dry-run", t("help.dryRun"))
        .option("--check <id>", t("help.doctorCheck"), repeatable),
    ).action(action("doctor"));

  const quitOrRestart =
    (name: "quit" | "restart"): Registration =>
    (command) =>
      command.option("--timeout <s>", t("help.timeout")).option("--force", t("help.force")).action(action(name));

  const models: Registration = (command) => command.option("--all", t("help.modelsAll")).action(action("models"));

  const status: Registration = (command) => keyOptions(command).action(action("status"));

  const provision: Registration = (command) =>
    teamOptions(command)
      .option("--members <file>", t("help.teamMembers"), inCwd)
      .option("--limit <usd>", t("help.teamLimit"))
      .option("--limit-reset <period>", t("help.teamLimitReset"))
      .addOption(new Option("--format <format>", t("help.teamFormat")).choices(["mobileconfig", "reg", "json"]))
      .option("--out-dir <dir>", t("help.teamOutDir"), inCwd)
      .option("--models <ids>", t("help.models"))
      .option("--discover-models", t("help.discoverModels"))
      .option("--egress <value>", t("help.egress"), repeatable)
      .addOption(new Option("--scope <scope>", t("help.exportScope")).choices(["machine", "user"]))
      .option("--identifier <reverse-dns>", t("help.exportIdentifier"))
      .option("--organization <name>", t("help.exportOrganization"))
      .option("--no-pricing", t("help.noPricing"))
      .option("--no-attribution", t("help.noAttribution"))
      .option("--no-gateway-only", t("help.exportNoGatewayOnly"))
      .option("--rotate <name>", t("help.teamRotate"), repeatable)
      .option("--dry-run", t("help.dryRun"))
      .addHelpText(
        "after",
        `\n${t("help.examples")}\n  OPENROUTER_MANAGEMENT_KEY=… npx claude-desktop-openrouter team provision --members members.csv --limit 25 --limit-reset monthly --format mobileconfig --out-dir rollout\n  npx claude-desktop-openrouter team provision --management-key-file mgmt.txt --members members.csv --out-dir rollout --rotate alice\n`,
      )
      .action(action("team provision"));
  const usage: Registration = (command) =>
    teamOptions(command).option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd).action(action("team usage"));
  const revoke: Registration = (command) =>
    teamOptions(command)
      .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
      .option("--delete", t("help.teamDelete"))
      .action(withNames("team revoke"));
  const setLimit: Registration = (command) =>
    teamOptions(command)
      .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
      .option("--limit <usd>", t("help.teamSetLimitLimit"))
      .option("--limit-reset <period>", t("help.teamSetLimitReset"))
      .action(withNames("team set-limit"));

  const registrations = new Map<Command, Registration>();
  const add = (parent: Command, name: string, description: MessageKey, register?: Registration, isDefault = false) => {
    const command = parent.command(name, { isDefault }).description(t(description));
    if (register) registrations.set(command, register);
    return command;
  };
  add(program, "setup", "help.setup", setup, true);
  add(program, "show", "help.show", show);
  add(program, "revert", "help.revert", revert);
  add(program, "export", "help.export", exportCommand);
  add(program, "doctor", "help.doctor", doctor);
  add(program, "quit", "help.cmdQuit", quitOrRestart("quit"));
  add(program, "restart", "help.cmdRestart", quitOrRestart("restart"));
  add(program, "models", "help.modelsCommand", models);
  add(program, "status", "help.status", status);
  const team = add(program, "team", "help.team").helpCommand(false);
  add(team, "provision", "help.teamProvision", provision);
  add(team, "usage", "help.teamUsage", usage);
  add(team, "revoke", "help.teamRevoke", revoke).argument("<name...>");
  add(team, "set-limit", "help.teamSetLimit", setLimit).argument("<name...>");

  const help = translatedHelp(session.ui.t);
  for (const command of [program, ...program.commands, ...team.commands]) {
    command.exitOverride().configureOutput(commanderOutput(session)).configureHelp(help).helpOption("-h, --help", t("help.help"));
  }
  // setup is the default: a word that is not a command would land there as its argument. It is
  // an unknown command instead, with commander's own "did you mean" (a method its types omit).
  program.hook("preSubcommand", (_parent, command) => {
    const [first] = program.args;
    if (command.name() === "setup" && first !== undefined && first !== "setup" && !first.startsWith("-"))
      (program as Command & { unknownCommand(): never }).unknownCommand();
  });
  const complete = (command: Command) => {
    registrations.get(command)?.(command);
    registrations.delete(command);
  };
  for (const parent of [program, team]) parent.hook("preSubcommand", (_parent, command) => complete(command));
  if (io.onProgram) {
    for (const command of registrations.keys()) complete(command);
    io.onProgram(program);
  }
  return program;
}

export async function run(io: Io): Promise<number> {
  const session = await openSession(io);
  try {
    await buildProgram(session).parseAsync(io.argv);
  } catch (error) {
    return isCommanderExit(error) ? 0 : fail(session, error);
  }
  return session.exitCode;
}

/** Called by bin/: the real process. */
export async function main(): Promise<void> {
  // A reader that goes away (`… --help | head`) is not an error: stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
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
        return process.stdout;
      },
      get stderr() {
        return process.stderr;
      },
      // isatty() answers without creating the streams (start-up time).
      tty: { stdin: isatty(0), stdout: isatty(1), stderr: isatty(2) },
    });
  } finally {
    // The command is done. If it used the network, a connection undici abandoned mid-handshake
    // stays open until undici's own timer fires, up to a second later: leave once the output is
    // flushed instead of waiting for it. A process that drains sooner exits on its own.
    if ((await shutdown()) > 0) {
      await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write("", done))));
      setTimeout(() => process.exit(), 50).unref();
    }
  }
}
