// The prompt functions the wizard uses, injected so that each step can be tested with
// @inquirer/testing. The real ones load @inquirer/prompts lazily and draw on stderr (stdout stays
// for data), translating inquirer's own key help line through the catalogue.
import { Writable } from "node:stream";
import type { Context, OutputStream } from "../core/context.js";
import type { MessageKey } from "../i18n/catalogue.js";

export interface Choice<V> {
  value: V;
  name: string;
  /** Shown after the answer instead of the name. */
  short?: string;
  description?: string;
  checked?: boolean;
  disabled?: boolean | string;
}

type Validate<T> = (value: T) => boolean | string | Promise<boolean | string>;

export interface Prompts {
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
  password(config: { message: string; mask?: boolean | string; toggleMask?: boolean; validate?: Validate<string> }): Promise<string>;
  input(config: { message: string; default?: string; validate?: Validate<string> }): Promise<string>;
  select<V>(config: { message: string; choices: Choice<V>[]; default?: V; pageSize?: number }): Promise<V>;
  checkbox<V>(config: {
    message: string;
    choices: Choice<V>[];
    pageSize?: number;
    validate?: Validate<readonly { value: V }[]>;
  }): Promise<V[]>;
}

/** inquirer's help-line words, as they appear in @inquirer/select and @inquirer/checkbox. */
const HELP_ACTIONS: Record<string, MessageKey> = {
  navigate: "wizard.keys.navigate",
  select: "wizard.keys.select",
  submit: "wizard.keys.submit",
  all: "wizard.keys.all",
  invert: "wizard.keys.invert",
};

/** A theme that translates the key help line; shared by the real prompts and the tests. */
export function promptTheme(ctx: Pick<Context, "ui">) {
  return {
    style: {
      keysHelpTip: (keys: [string, string][]) =>
        keys
          .map(
            ([key, action]) =>
              `${key === "space" ? ctx.ui.t("wizard.keys.space") : key} ${HELP_ACTIONS[action] ? ctx.ui.t(HELP_ACTIONS[action]) : action}`,
          )
          .join(" • "),
    },
  };
}

/** Yes/no words in the message language (y and n are always accepted as well). */
export function confirmTheme(ctx: Pick<Context, "ui">) {
  return {
    keywords: {
      yes: ctx.ui.t("wizard.confirm.yes"),
      no: ctx.ui.t("wizard.confirm.no"),
      error: () => ctx.ui.t("wizard.confirm.error"),
    },
  };
}

/** Any prompt function of @inquirer/prompts: (config, context) => Promise. */
// biome-ignore lint/suspicious/noExplicitAny: inquirer prompt functions differ in config and answer types
type AnyPrompt = (config: any, context?: any) => Promise<any>;

/** Builds Prompts from inquirer prompt functions and a context (real streams, or a test screen). */
export function bindPrompts(
  ctx: Pick<Context, "ui">,
  inquirer: { confirm: AnyPrompt; password: AnyPrompt; input: AnyPrompt; select: AnyPrompt; checkbox: AnyPrompt },
  context: () => object,
): Prompts {
  const theme = promptTheme(ctx);
  return {
    confirm: (config) => inquirer.confirm({ ...config, theme: confirmTheme(ctx) }, context()),
    password: (config) => inquirer.password(config, context()),
    input: (config) => inquirer.input(config, context()),
    select: (config) => inquirer.select({ ...config, theme }, context()),
    checkbox: (config) => inquirer.checkbox({ ...config, theme }, context()),
  };
}

/**
 * A fresh stream per prompt that forwards to stderr: inquirer ends its output when a prompt
 * closes, and ending the command's own stderr would break every later write. With colour off
 * (--no-color, NO_COLOR, no terminal) inquirer's colours are stripped, since it cannot see
 * --no-color; cursor movement is kept.
 */
export function promptOutput(target: OutputStream & { rows?: number }, color = true): Writable {
  const out = new Writable({
    decodeStrings: false,
    write(chunk: unknown, _encoding, callback) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
      target.write(color ? text : text.replace(/\u001b\[[0-9;]*m/g, ""));
      callback();
    },
  });
  Object.defineProperties(out, {
    isTTY: { get: () => target.isTTY },
    columns: { get: () => target.columns },
    rows: { get: () => target.rows },
  });
  return out;
}

/** The real prompts, on the command's own stdin and stderr. */
export async function loadPrompts(ctx: Context): Promise<Prompts> {
  const inquirer = await import("@inquirer/prompts");
  return bindPrompts(ctx, inquirer as never, () => ({ input: ctx.streams.stdin, output: promptOutput(ctx.streams.stderr, ctx.ui.color) }));
}

/** One yes/no question on the command's stdin and stderr (translated yes/no, colour rules kept). */
export async function askYesNo(ctx: Context, message: string, defaultAnswer: boolean): Promise<boolean> {
  return (await loadPrompts(ctx)).confirm({ message, default: defaultAnswer }) as Promise<boolean>;
}
