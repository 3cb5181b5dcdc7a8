// The entry: commander parses, a command module runs with one Context, and the outcome is printed
// once here (JSON on stdout, or the command's human rendering). Only commander and the catalogue
// load at start; each command is imported when it runs.
import { Command, CommanderError, Option } from "commander";
import { isAbsolute, resolve } from "node:path";
import { isatty } from "node:tty";
import type { Readable, Writable } from "node:stream";
import type { Context, ContextBase, Env, GlobalSettings, OutputStream, Streams } from "./core/context.js";
import { CliError, isCliError, usageError } from "./core/errors.js";
import { ExitCode } from "./core/exit-codes.js";
import { shutdown } from "./core/shutdown.js";
import { looksLikeCredential } from "./core/credentials.js";
import { RedactingStream } from "./core/redact.js";
import { readSeams } from "./core/seams.js";
import { createUi, decideColor } from "./core/ui.js";
import { DEFAULT_BASE_URL } from "./core/url.js";
import { langFromEnv, loadMessages, parseLang, type Lang } from "./i18n/catalogue.js";
import type { CommandModule, Outcome } from "./commands/types.js";
import { VERSION } from "./version.js";

interface GlobalOptions {
  json?: boolean;
  lang?: string;
  yes?: boolean;
  color?: boolean;
  verbose?: boolean;
  configDir?: string;
  baseUrl?: string;
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

/**
 * The gateway base URL, judged by the app's own rule (https, or http on 127.0.0.1, localhost or
 * [::1]; no credentials in it; no /v1), without a trailing slash. The rule loads only here.
 */
export async function parseBaseUrl(value: string): Promise<string> {
  const { baseUrlProblem } = await import("./config/app-rules.js");
  const problem = baseUrlProblem(value);
  if (problem === "scheme") throw usageError("error.baseUrlScheme", { url: value }, "hint.baseUrl");
  if (problem === "v1") throw usageError("error.baseUrlV1", { url: value }, "hint.baseUrl");
  if (problem === "credentials" || problem === "secret") throw usageError(`rules.baseUrl.${problem}`, { url: value }, "hint.baseUrl");
  const trimmed = value.trim();
  let url: URL | null = null;
  try {
    url = problem === "invalid" ? null : new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    url = null;
  }
  if (!url || url.search || url.hash) throw usageError("error.baseUrlInvalid", { url: value }, "hint.baseUrl");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

type Loader = () => Promise<CommandModule<never, object>>;

const commands: Record<string, Loader> = {
  setup: async () => (await import("./commands/setup.js")) as unknown as CommandModule<never, object>,
  show: async () => (await import("./commands/show.js")) as unknown as CommandModule<never, object>,
  revert: async () => (await import("./commands/revert.js")) as unknown as CommandModule<never, object>,
  export: async () => (await import("./commands/export.js")) as unknown as CommandModule<never, object>,
  doctor: async () => (await import("./commands/doctor.js")) as unknown as CommandModule<never, object>,
  quit: async () => (await import("./commands/quit.js")) as unknown as CommandModule<never, object>,
  restart: async () => (await import("./commands/restart.js")) as unknown as CommandModule<never, object>,
  models: async () => (await import("./commands/models.js")) as unknown as CommandModule<never, object>,
  status: async () => (await import("./commands/status.js")) as unknown as CommandModule<never, object>,
  "team provision": async () => (await import("./commands/team/provision.js")) as unknown as CommandModule<never, object>,
  "team usage": async () => (await import("./commands/team/usage.js")) as unknown as CommandModule<never, object>,
  "team revoke": async () => (await import("./commands/team/revoke.js")) as unknown as CommandModule<never, object>,
  "team set-limit": async () => (await import("./commands/team/set-limit.js")) as unknown as CommandModule<never, object>,
};

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
  /** Whether each stream is a terminal, known without opening it. */
  tty: { stdin: boolean; stdout: boolean; stderr: boolean };
  /** Builds the Context once global options are known (tests pass their own). */
  makeContext?: (base: ContextBase) => Context;
  /** Sees the commands and options before parsing (tests derive their cases from it). */
  onProgram?: (program: Command) => void;
}

function printError(ctx: Pick<Context, "ui" | "streams">, error: CliError): void {
  const message = ctx.ui.t(error.messageKey, error.params);
  const hint = error.hintKey ? ctx.ui.t(error.hintKey, error.hintParams) : "";
  if (ctx.ui.json) {
    ctx.streams.stdout.write(`${JSON.stringify({ ok: false, error: { code: error.code, message, hint } }, null, 2)}\n`);
  } else {
    ctx.streams.stderr.write(`✖ ${message}\n${hint ? `  ${hint}\n` : ""}`);
  }
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

/** Maps commander's own parse errors to our usage error (exit 2), translated. */
function commanderToCliError(error: CommanderError): CliError {
  const option = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "commander.unknownOption":
      return usageError("error.unknownOption", { option }, "hint.help");
    case "commander.unknownCommand":
      return usageError("error.unknownCommand", { command: option }, "hint.help");
    case "commander.optionMissingArgument":
    case "commander.missingArgument":
      return usageError("error.missingValue", { option }, "hint.help");
    case "commander.invalidArgument":
      return usageError("error.invalidValue", { detail: error.message.replace(/^error:\s*/, "") }, "hint.help");
    default:
      return usageError("error.usage", { detail: error.message.replace(/^error:\s*/, "") }, "hint.help");
  }
}

export async function run(io: Io): Promise<number> {
  const lang = earlyLang(io.argv.slice(2), io.env);
  const messages = await loadMessages(lang);
  const earlyUi = createUi({ messages, json: io.argv.includes("--json"), verbose: false, color: false, yes: false, terminals: false });
  const t = earlyUi.t;
  let exitCode: number = ExitCode.ok;
  let context: Context | undefined;
  const secrets = new Set<string>();
  const publicValues = new Set<string>();
  // Everything is written through these: the key in use and anything shaped like a credential
  // are masked here, once, whichever code path produced the text.
  const streams: Streams = {
    get stdin() {
      return io.stdin;
    },
    stdout: new RedactingStream(io.stdout, secrets, publicValues),
    stderr: new RedactingStream(io.stderr, secrets, publicValues),
    rawStdout: io.stdout,
  };
  // Until a Context exists, errors are printed through this minimal one, to the same streams.
  const fallback: Pick<Context, "ui" | "streams"> = { ui: earlyUi, streams };
  // Commander's own output (help, version) goes to the injected streams too, sized by them.
  const output = {
    writeOut: (text: string) => streams.stdout.write(text),
    writeErr: (text: string) => streams.stderr.write(text),
    outputError: () => undefined,
    getOutHelpWidth: () => (io.tty.stdout && io.stdout.columns) || 80,
    getErrHelpWidth: () => (io.tty.stderr && io.stderr.columns) || 80,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };

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
    .exitOverride()
    .configureOutput(output)
    .showSuggestionAfterError(false)
    .addHelpText(
      "after",
      `\n${t("help.examples")}\n  npx claude-desktop-openrouter\n  npx claude-desktop-openrouter setup --login\n  OPENROUTER_API_KEY=… npx claude-desktop-openrouter setup --yes\n  npx claude-desktop-openrouter setup --dry-run --api-key-file key.txt\n  npx claude-desktop-openrouter show --json\n  npx claude-desktop-openrouter doctor --live\n  npx claude-desktop-openrouter models --all\n  npx claude-desktop-openrouter status --json\n  npx claude-desktop-openrouter revert\n`,
    );

  const action = (name: string) => async (options: Record<string, unknown>, command: Command) => {
    const globals = command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    const json = Boolean(globals.json);
    const ui = createUi({
      messages,
      json,
      verbose: Boolean(globals.verbose),
      color: decideColor(io.env, { isTTY: io.tty.stderr }, globals.color === false),
      yes: Boolean(globals.yes),
      terminals: io.tty.stdin && io.tty.stdout,
    });
    fallback.ui = ui;
    const holder = optionHoldingCredential(command);
    if (holder) throw usageError("error.optionHoldsCredential", { option: holder }, "hint.optionHoldsCredential");
    if (globals.lang && !parseLang(globals.lang)) throw usageError("error.langInvalid", { lang: globals.lang }, "hint.help");
    const baseUrl = globals.baseUrl !== undefined ? await parseBaseUrl(globals.baseUrl) : DEFAULT_BASE_URL;
    const configDir = globals.configDir ?? io.env.CLAUDE_USER_DATA_DIR;
    const seams = readSeams(io.env);
    const settings: GlobalSettings = {
      baseUrl,
      apiUrl: seams.apiUrl ?? `${baseUrl}/v1`,
      ...(seams.httpTimeoutMs !== undefined ? { httpTimeoutMs: seams.httpTimeoutMs } : {}),
      ...(configDir ? { configDir: isAbsolute(configDir) ? configDir : resolve(io.cwd, configDir) } : {}),
    };
    const base: ContextBase = { env: io.env, ui, settings, secrets, publicValues, streams };
    const { createNodeContext } = await import("./core/node-context.js");
    context = io.makeContext ? io.makeContext(base) : createNodeContext(base);
    const module = await commands[name]!();
    const outcome: Outcome = await module.run(context, options as never);
    exitCode = outcome.exitCode;
    if (json) context.streams.stdout.write(`${JSON.stringify({ ok: outcome.exitCode === 0, ...outcome.result }, null, 2)}\n`);
    else module.render(context, outcome as never);
  };

  const repeatable = (value: string, previous: string[] = []) => [...previous, value];
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

  restartOptions(
    entryOptions(program.command("setup", { isDefault: true }).description(t("help.setup"))).option("--name <label>", t("help.name")),
  )
    .option("--dry-run", t("help.dryRun"))
    .option("--skip-key-check", t("help.skipKeyCheck"))
    .option("--repair", t("help.repair"))
    .option("--gateway-only", t("help.gatewayOnly"))
    .option("--no-gateway-only", t("help.noGatewayOnly"))
    .option("--login", t("help.login"))
    .option("--no-browser", t("help.noBrowser"))
    .option("--key-storage <where>", t("help.keyStorage"))
    .action(action("setup"));

  program.command("show").description(t("help.show")).action(action("show"));

  const revert = program
    .command("revert")
    .description(t("help.revert"))
    .option("--list", t("help.revertList"))
    .option("--backup <id>", t("help.revertBackup"))
    .option("--dry-run", t("help.dryRun"))
    .option("--repair", t("help.repair"))
    .option("--force", t("help.revertForce"))
    .option("--purge-backups", t("help.purgeBackups"));
  restartOptions(revert).action(action("revert"));

  entryOptions(program.command("export").description(t("help.export")))
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

  restartOptions(
    program
      .command("doctor")
      .description(t("help.doctor"))
      .option("--offline", t("help.doctorOffline"))
      .option("--live", t("help.doctorLive"))
      .option("--fix", t("help.doctorFix"))
      .option("--dry-run", t("help.dryRun"))
      .option("--check <id>", t("help.doctorCheck"), repeatable),
  ).action(action("doctor"));

  for (const name of ["quit", "restart"] as const) {
    program
      .command(name)
      .description(t(name === "quit" ? "help.cmdQuit" : "help.cmdRestart"))
      .option("--timeout <s>", t("help.timeout"))
      .option("--force", t("help.force"))
      .action(action(name));
  }

  program.command("models").description(t("help.modelsCommand")).option("--all", t("help.modelsAll")).action(action("models"));

  keyOptions(program.command("status").description(t("help.status"))).action(action("status"));

  // team: the management key only from a file or the environment; the argument forms exist only
  // so that the command can refuse them by name.
  const team = program.command("team").description(t("help.team")).helpCommand(false);
  const teamCommand = (name: string, description: string) =>
    team
      .command(name)
      .description(description)
      .option("--management-key-file <path>", t("help.teamManagementKeyFile"))
      .addOption(new Option("--management-key <key>").hideHelp())
      .addOption(new Option("--api-key <key>").hideHelp())
      .addOption(new Option("--api-key-file <path>").hideHelp());
  const inCwd = (value: string) => resolve(io.cwd, value);
  const withNames = (name: string) => (names: string[], options: Record<string, unknown>, command: Command) =>
    action(name)({ ...options, names }, command);
  teamCommand("provision", t("help.teamProvision"))
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
  teamCommand("usage", t("help.teamUsage")).option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd).action(action("team usage"));
  teamCommand("revoke", t("help.teamRevoke"))
    .argument("<name...>")
    .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
    .option("--delete", t("help.teamDelete"))
    .action(withNames("team revoke"));
  teamCommand("set-limit", t("help.teamSetLimit"))
    .argument("<name...>")
    .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
    .option("--limit <usd>", t("help.teamSetLimitLimit"))
    .option("--limit-reset <period>", t("help.teamSetLimitReset"))
    .action(withNames("team set-limit"));

  for (const command of [...program.commands, ...team.commands]) {
    command.exitOverride().configureOutput(output).helpOption("-h, --help", t("help.help"));
  }

  io.onProgram?.(program);
  try {
    await program.parseAsync(io.argv);
  } catch (error) {
    const ctx = context ?? fallback;
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help")
        return ExitCode.ok;
      const cliError = commanderToCliError(error);
      printError(ctx, cliError);
      return cliError.exitCode;
    }
    if (isCliError(error)) {
      printError(ctx, error);
      return error.exitCode;
    }
    if (error && typeof error === "object" && (error as { name?: string }).name === "ExitPromptError") {
      const cancelled = new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
      printError(ctx, cancelled);
      return cancelled.exitCode;
    }
    const internal = new CliError({
      code: "internal",
      exitCode: ExitCode.internal,
      message: "error.internal",
      params: { detail: error instanceof Error ? error.message : String(error) },
      hint: "hint.internal",
    });
    printError(ctx, internal);
    if (ctx.ui.verbose && error instanceof Error && error.stack) ctx.streams.stderr.write(`${error.stack}\n`);
    return internal.exitCode;
  }
  return exitCode;
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
