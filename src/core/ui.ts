import type { Env, OutputStream, Ui } from "./context.js";
import { format, type MessageKey, type Messages } from "../i18n/catalogue.js";

/** Colour per the no-color.org convention: --no-color and NO_COLOR off, FORCE_COLOR on, else a TTY. */
export function decideColor(env: Env, stream: Pick<OutputStream, "isTTY">, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
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
    interactive: options.terminals && !options.yes,
    t(key: MessageKey, params?: Record<string, string | number>) {
      return format(options.messages[key] ?? key, params);
    },
  };
}
