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
import { helpAsFlag } from "./launch.js";
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
  "team policy": runs(() => import("./commands/team/policy.js")),
  "team revoke": runs(() => import("./commands/team/revoke.js")),
  "team set-limit": runs(() => import("./commands/team/set-limit.js")),
} satisfies Record<string, CommandAction>;

type CommandName = keyof typeof COMMANDS;
type Translate = (key: MessageKey) => string;
/** Adds a command's options and action to its entry in the tree. */
type Registration = (command: Command) => unknown;
/** What commander calls with a command's arguments, its options and the command. */
type Action = (...args: unknown[]) => Promise<void>;
/** What a registration needs: the messages, the run's directory and the commands' actions. */
interface Builder {
  t: Translate;
  cwd: string;
  action: (name: CommandName) => Action;
}

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
const EXPORT_EXAMPLES = [
  'npx claude-desktop-openrouter export --out claude.mobileconfig --organization "Example Corp" --identifier com.example.claude',
  "npx claude-desktop-openrouter export --out claude.reg --key-placeholder",
  "npx claude-desktop-openrouter export --out claude-remove.reg --remove",
  "npx claude-desktop-openrouter export --format json --out managed-settings.json --api-key-file key.txt",
];
const PROVISION_EXAMPLES = [
  "OPENROUTER_MANAGEMENT_KEY=… npx claude-desktop-openrouter team provision --members members.csv --limit 25 --limit-reset monthly --format mobileconfig --out-dir rollout",
  "npx claude-desktop-openrouter team provision --management-key-file mgmt.txt --members members.csv --out-dir rollout --rotate alice",
];
const examples = (t: Translate, lines: string[]) => `\n${t("help.examples")}\n${lines.map((line) => `  ${line}\n`).join("")}`;
const repeatable = (value: string, previous: string[] = []) => [...previous, value];

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

// Option groups several commands share, so that they read and behave the same everywhere.
const keyOptions = (t: Translate, command: Command) =>
  command.option("--api-key-file <path>", t("help.apiKeyFile")).option("--api-key <key>", t("help.apiKey"));
const modelOptions = (t: Translate, command: Command) =>
  command
    .option("--models <ids>", t("help.models"))
    .option("--discover-models", t("help.discoverModels"))
    .option("--egress <value>", t("help.egress"), repeatable);
const entryOptions = (t: Translate, command: Command) =>
  modelOptions(t, keyOptions(t, command)).option("--no-pricing", t("help.noPricing")).option("--no-attribution", t("help.noAttribution"));
const restartOptions = (t: Translate, command: Command) =>
  command.option("--restart", t("help.restart")).option("--no-restart", t("help.noRestart")).option("--force-quit", t("help.forceQuit"));
const scopeOption = (t: Translate) => new Option("--scope <scope>", t("help.exportScope")).choices(["machine", "user"]);
const formatOption = (t: Translate, description: MessageKey) =>
  new Option("--format <format>", t(description)).choices(["mobileconfig", "reg", "json"]);
// team: the management key only from a file or the environment; the argument forms exist only
// so that the command can refuse them by name.
const teamOptions = (t: Translate, command: Command) =>
  command
    .option("--management-key-file <path>", t("help.teamManagementKeyFile"))
    .addOption(new Option("--management-key <key>").hideHelp())
    .addOption(new Option("--api-key <key>").hideHelp())
    .addOption(new Option("--api-key-file <path>").hideHelp());

// The team guardrail's policy: provision and policy take the same options.
const policyOptions = (t: Translate, command: Command) =>
  command
    .option("--providers <ids>", t("help.policyProviders"))
    .option("--zdr", t("help.policyZdr"))
    .option("--no-zdr", t("help.policyNoZdr"))
    .option("--budget <usd>", t("help.policyBudget"))
    .option("--budget-reset <period>", t("help.policyBudgetReset"))
    .option("--guardrail <name>", t("help.policyGuardrail"));

/** Each command's options and action, added to its entry in the tree when it runs. */
function registrations({ t, cwd, action }: Builder): Record<CommandName, Registration> {
  const inCwd = (value: string) => resolve(cwd, value);
  const quitOrRestart =
    (name: "quit" | "restart"): Registration =>
    (command) =>
      command.option("--timeout <s>", t("help.timeout")).option("--force", t("help.force")).action(action(name));
  return {
    setup: (command) =>
      restartOptions(t, entryOptions(t, command).option("--name <label>", t("help.name")))
        .option("--dry-run", t("help.dryRun"))
        .option("--diff", t("help.diff"))
        .option("--skip-key-check", t("help.skipKeyCheck"))
        .option("--repair", t("help.repair"))
        .option("--gateway-only", t("help.gatewayOnly"))
        .option("--no-gateway-only", t("help.noGatewayOnly"))
        .option("--login", t("help.login"))
        .option("--no-browser", t("help.noBrowser"))
        .option("--key-storage <where>", t("help.keyStorage"))
        .option("--pricing", t("help.pricing"))
        .option("--attribution", t("help.attribution"))
        .option("--key-limit <usd>", t("help.keyLimit"))
        .option("--key-limit-reset <period>", t("help.keyLimitReset"))
        .action(action("setup")),
    show: (command) => command.action(action("show")),
    revert: (command) =>
      restartOptions(
        t,
        command
          .option("--list", t("help.revertList"))
          .option("--backup <id>", t("help.revertBackup"))
          .option("--dry-run", t("help.dryRun"))
          .option("--diff", t("help.diff"))
          .option("--repair", t("help.repair"))
          .option("--force", t("help.revertForce"))
          .option("--purge-backups", t("help.purgeBackups")),
      ).action(action("revert")),
    export: (command) =>
      entryOptions(t, command)
        .addOption(formatOption(t, "help.exportFormat"))
        .option("--out <file>", t("help.exportOut"), (value: string) => (value === "-" ? value : inCwd(value)))
        .addOption(scopeOption(t))
        .option("--identifier <reverse-dns>", t("help.exportIdentifier"))
        .option("--organization <name>", t("help.exportOrganization"))
        .option("--key-placeholder", t("help.exportKeyPlaceholder"))
        .option("--remove", t("help.exportRemove"))
        .option("--skip-key-check", t("help.skipKeyCheck"))
        .option("--no-gateway-only", t("help.exportNoGatewayOnly"))
        .option("--force", t("help.exportForce"))
        .addHelpText("after", examples(t, EXPORT_EXAMPLES))
        .action(action("export")),
    doctor: (command) =>
      restartOptions(
        t,
        command
          .option("--offline", t("help.doctorOffline"))
          .option("--live", t("help.doctorLive"))
          .option("--fix", t("help.doctorFix"))
          .option("--dry-run", t("help.dryRun"))
          .option("--diff", t("help.diff"))
          .option("--check <id>", t("help.doctorCheck"), repeatable),
      ).action(action("doctor")),
    quit: quitOrRestart("quit"),
    restart: quitOrRestart("restart"),
    models: (command) => command.option("--all", t("help.modelsAll")).action(action("models")),
    status: (command) => keyOptions(t, command).action(action("status")),
    "team provision": (command) =>
      modelOptions(
        t,
        policyOptions(t, teamOptions(t, command))
          .option("--members <file>", t("help.teamMembers"), inCwd)
          .option("--limit <usd>", t("help.teamLimit"))
          .option("--limit-reset <period>", t("help.teamLimitReset"))
          .addOption(formatOption(t, "help.teamFormat"))
          .option("--out-dir <dir>", t("help.teamOutDir"), inCwd),
      )
        .addOption(scopeOption(t))
        .option("--identifier <reverse-dns>", t("help.exportIdentifier"))
        .option("--organization <name>", t("help.exportOrganization"))
        .option("--no-pricing", t("help.noPricing"))
        .option("--no-attribution", t("help.noAttribution"))
        .option("--no-gateway-only", t("help.exportNoGatewayOnly"))
        .option("--rotate <name>", t("help.teamRotate"), repeatable)
        .option("--no-guardrail", t("help.policyNoGuardrail"))
        .option("--dry-run", t("help.dryRun"))
        .addHelpText("after", examples(t, PROVISION_EXAMPLES))
        .action(action("team provision")),
    "team usage": (command) =>
      teamOptions(t, command)
        .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
        .option("--activity", t("help.usageActivity"))
        .option("--days <n>", t("help.usageDays"))
        .option("--since <date>", t("help.usageSince"))
        .option("--until <date>", t("help.usageUntil"))
        .option("--csv", t("help.usageCsv"))
        .addOption(new Option("--format <format>", t("help.usageFormat")).choices(["table", "json", "csv"]))
        .action(action("team usage")),
    "team policy": (command) =>
      policyOptions(t, teamOptions(t, command).option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd))
        .option("--dry-run", t("help.dryRun"))
        .action(action("team policy")),
    "team revoke": (command) =>
      teamOptions(t, command)
        .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
        .option("--delete", t("help.teamDelete"))
        .action(action("team revoke")),
    "team set-limit": (command) =>
      teamOptions(t, command)
        .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
        .option("--limit <usd>", t("help.teamSetLimitLimit"))
        .option("--limit-reset <period>", t("help.teamSetLimitReset"))
        .action(action("team set-limit")),
  };
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
 * The command tree: every command with its description (for the help and for "did you mean"),
 * and each command's options, added when commander dispatches to it.
 */
function buildProgram(session: Session): Command {
  const t: Translate = (key) => session.ui.t(key);
  const program = programCommand(t);
  const register = registrations({ t, cwd: session.io.cwd, action: (name) => actionFor(session, name) });
  const pending = new Map<Command, Registration>();
  let team: Command | undefined;
  for (const entry of TREE) {
    const inTeam = entry.name.startsWith("team ");
    if (inTeam) team ??= program.command("team").description(t("help.team")).helpCommand(false);
    const parent = inTeam && team ? team : program;
    const command = parent.command(inTeam ? entry.name.slice(5) : entry.name, { isDefault: entry.isDefault ?? false });
    command.description(t(entry.description));
    if (entry.names) command.argument("<name...>");
    pending.set(command, register[entry.name]);
  }
  const parents = team ? [program, team] : [program];

  const help = translatedHelp(session.ui.t);
  for (const command of [program, ...parents.flatMap((parent) => parent.commands)]) {
    command.exitOverride().configureOutput(commanderOutput(session)).configureHelp(help).helpOption("-h, --help", t("help.help"));
  }
  refuseUnknownWords(program);
  const complete = (command: Command) => {
    pending.get(command)?.(command);
    pending.delete(command);
  };
  for (const parent of parents) parent.hook("preSubcommand", (_parent, command) => complete(command));
  if (session.io.onProgram) {
    for (const command of pending.keys()) complete(command);
    session.io.onProgram(program);
  }
  return program;
}

export async function run(io: Io): Promise<number> {
  const session = await openSession(io);
  try {
    await buildProgram(session).parseAsync(helpAsFlag(io.argv));
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
    // The command is done. If it used the network, its connections (kept alive, or abandoned
    // mid-handshake) are dropped: leave once the output is flushed instead of waiting for them.
    // A process that drains sooner exits on its own.
    if ((await shutdown()) > 0) {
      await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write("", done))));
      setTimeout(() => process.exit(), 50).unref();
    }
  }
}
