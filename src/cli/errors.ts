// What the entry does with a failure: commander's parse errors become our usage errors (exit 2,
// translated, with commander's "did you mean" as a suggestion), a cancelled prompt exit 130, and
// anything unexpected exit 70; each is printed once, as JSON with --json or as a line on stderr.
import { CommanderError } from "commander";
import type { Context } from "../core/context.js";
import { CliError, isCliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { jsonText } from "../core/terminal-text.js";
import { outputWidth, wrapHuman, wrapText } from "../render/style.js";

/** Words that are not commands but that a user may type for one. */
const COMMAND_FOR: Record<string, string> = { login: "setup --login" };

/** The candidates in commander's "(Did you mean x?)" or "(Did you mean one of x, y?)". */
function suggestions(message: string): string[] {
  const listed = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message)?.[1];
  return listed ? listed.split(", ") : [];
}

/** The first quoted word of commander's message: the option, command or value it is about. */
const quoted = (message: string, index = 0) => [...message.matchAll(/'([^']*)'/g)][index]?.[1] ?? "";

/** commander's own parse errors as our usage errors (exit 2), in the user's language. */
export function commanderToCliError(error: CommanderError): CliError {
  const { message } = error;
  switch (error.code) {
    case "commander.unknownOption": {
      const option = quoted(message);
      const [suggestion] = suggestions(message);
      return suggestion
        ? usageError("cli.unknownOptionSuggest", { option, suggestion }, "hint.help")
        : usageError("cli.unknownOption", { option }, "hint.help");
    }
    case "commander.unknownCommand": {
      const command = quoted(message);
      // Own keys only: a word like "__proto__" or "constructor" is not one of ours.
      const suggestion = (Object.hasOwn(COMMAND_FOR, command) ? COMMAND_FOR[command] : undefined) ?? suggestions(message)[0];
      return suggestion
        ? usageError("cli.unknownCommandSuggest", { command, suggestion }, "hint.help")
        : usageError("cli.unknownCommand", { command }, "hint.help");
    }
    case "commander.optionMissingArgument":
      return usageError("error.missingValue", { option: quoted(message) }, "hint.help");
    case "commander.missingArgument":
      return usageError("cli.missingArgument", { argument: quoted(message) }, "hint.help");
    case "commander.missingMandatoryOptionValue":
      return usageError("error.missingValue", { option: quoted(message) }, "hint.help");
    case "commander.excessArguments":
      return usageError("cli.excessArguments", { command: quoted(message) }, "hint.help");
    case "commander.invalidArgument": {
      // "option '--format <format>' argument 'x' is invalid. Allowed choices are a, b, c."
      const choices = /Allowed choices are (.+)\.$/.exec(message)?.[1];
      if (choices) return usageError("cli.invalidChoice", { option: quoted(message), value: quoted(message, 1), choices }, "hint.help");
      return usageError("cli.invalidValue", { option: quoted(message), value: quoted(message, 1) }, "hint.help");
    }
    default:
      return usageError("cli.usage", { code: error.code }, "hint.help");
  }
}

/** Any failure as the CliError to print: ours as it is, commander's, a cancelled prompt, a bug. */
export function toCliError(error: unknown): CliError {
  if (isCliError(error)) return error;
  if (error instanceof CommanderError) return commanderToCliError(error);
  if (error && typeof error === "object" && (error as { name?: string }).name === "ExitPromptError")
    return new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
  return new CliError({
    code: "internal",
    exitCode: ExitCode.internal,
    message: "error.internal",
    params: { detail: error instanceof Error ? error.message : String(error) },
    hint: "hint.internal",
    cause: error,
  });
}

/** commander's normal ends that are not failures: help and version were printed. */
export function isCommanderExit(error: unknown): boolean {
  return (
    error instanceof CommanderError &&
    (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help")
  );
}

/** The error, once: as the JSON document with --json (stdout), else a line and its hint (stderr). */
export function printError(ctx: Pick<Context, "ui" | "streams"> & { env?: Context["env"] }, error: CliError): void {
  const message = ctx.ui.t(error.messageKey, error.params);
  const hint = error.hintKey ? ctx.ui.t(error.hintKey, error.hintParams) : "";
  if (ctx.ui.json) {
    ctx.streams.stdout.write(`${jsonText({ ok: false, error: { code: error.code, message, hint } })}\n`);
  } else {
    const width = outputWidth(ctx);
    ctx.streams.stderr.write(`${wrapHuman(`✖ ${message}`, width)}\n${hint ? `${wrapText(hint, width, { first: "  " })}\n` : ""}`);
  }
  if (ctx.ui.verbose && error.code === "internal" && error.cause instanceof Error && error.cause.stack)
    ctx.streams.stderr.write(`${error.cause.stack}\n`);
}
