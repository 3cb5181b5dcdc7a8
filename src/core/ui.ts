import type { Env, Ui } from "./context.js";
import type { MessageKey, Messages } from "../i18n/catalogue.js";
import { translate, type MessageParams, type Phrase } from "../i18n/phrase.js";

/** Colour per the no-color.org convention: --no-color and NO_COLOR off, FORCE_COLOR on, else a TTY. */
export function decideColor(env: Env, isTerminal: () => boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  // Asked last: whether a stream is a terminal is known by asking Node's tty module.
  return isTerminal() && env.TERM !== "dumb";
}

export function createUi(options: {
  messages: Messages;
  json: boolean;
  verbose: boolean;
  color: boolean;
  yes: boolean;
  terminals: boolean;
}): Ui {
  return {
    json: options.json,
    verbose: options.verbose,
    color: options.color,
    yes: options.yes,
    // Read when a command may prompt: asking whether a stream is a terminal loads Node's tty
    // module (and its net module), which a run that never prompts does not need.
    get interactive() {
      return options.terminals && !options.yes;
    },
    t(key: MessageKey | Phrase, params?: MessageParams) {
      return typeof key === "object" ? translate(options.messages, key.key, key.params) : translate(options.messages, key, params);
    },
  };
}
