// The prompt functions the wizard uses, injected so that each step can be tested with
// @inquirer/testing. The real ones load @inquirer/prompts lazily and draw on stderr (stdout stays
// for data), translating inquirer's own key help line through the catalogue.
import { type Readable, Writable } from "node:stream";
import { styleText } from "node:util";
import type { Context, OutputStream } from "../core/context.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { drainInput } from "../core/terminal-input.js";
import { displayWidth, outputWidth, stripColour, wrapText } from "../render/style.js";

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

/**
 * Yes/no words in the message language (y and n are always accepted as well), and the default
 * answer spelled out: inquirer marks it by capital letter, which Chinese does not have.
 */
export function confirmTheme(ctx: Pick<Context, "ui">, defaultAnswer: boolean) {
  return {
    keywords: {
      yes: ctx.ui.t("wizard.confirm.yes"),
      no: ctx.ui.t("wizard.confirm.no"),
      error: () => ctx.ui.t("wizard.confirm.error"),
    },
    style: {
      defaultAnswer: () => styleText("dim", ctx.ui.t(defaultAnswer ? "wizard.confirm.defaultYes" : "wizard.confirm.defaultNo")),
    },
  };
}

/** Any prompt function of @inquirer/prompts: (config, context) => Promise. */
// biome-ignore lint/suspicious/noExplicitAny: inquirer prompt functions differ in config and answer types
type AnyPrompt = (config: any, context?: any) => Promise<any>;

/**
 * Builds Prompts from prompt functions (inquirer's, and secretPrompt for `password`) and a context
 * (real streams, or a test screen). `before` runs before each question opens.
 */
export function bindPrompts(
  ctx: Pick<Context, "ui">,
  inquirer: { confirm: AnyPrompt; password: AnyPrompt; input: AnyPrompt; select: AnyPrompt; checkbox: AnyPrompt },
  context: () => object,
  before: () => Promise<void> = async () => undefined,
  width?: number,
): Prompts {
  const theme = promptTheme(ctx);
  const open = async <T>(prompt: AnyPrompt, config: object): Promise<T> => {
    await before();
    return prompt(config, context());
  };
  /**
   * inquirer breaks a line that is too long anywhere, inside a word too: with a width, the question
   * and the answer shown after it are wrapped by the tool's rule first (under the "? " / "✔ ").
   */
  const wrapped = <C extends { message: string; theme?: object }>(config: C, base: { style?: object }): C => {
    if (width === undefined) return { ...config, theme: base };
    const message = wrapText(config.message, width, { first: "? ", rest: "  " }).slice(2);
    const last = message.split("\n").at(-1) ?? "";
    const at = displayWidth(last) + (message.includes("\n") ? 0 : 2);
    const answer = (text: string) =>
      wrapText(text, width, { first: " ".repeat(at + 1), rest: "  " })
        .split("\n")
        .map((line, index) => styleText("cyan", index === 0 ? line.slice(at + 1) : line))
        .join("\n");
    return { ...config, message, theme: { ...base, style: { ...base.style, answer } } };
  };
  return {
    confirm: (config) => open(inquirer.confirm, wrapped(config, confirmTheme(ctx, config.default !== false))),
    password: (config) => open(inquirer.password, config),
    input: (config) => open(inquirer.input, wrapped(config, {})),
    select: (config) => open(inquirer.select, wrapped(config, theme)),
    checkbox: (config) => open(inquirer.checkbox, wrapped(config, theme)),
  };
}

/** What a cancelled question rejects with (the CLI maps it to exit 130). */
function promptCancelled(): Error {
  return Object.assign(new Error("User force closed the prompt"), { name: "ExitPromptError" });
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
      target.write(color ? text : stripColour(text));
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

/**
 * inquirer's context for one prompt, which erases the prompt (its key help line included) when
 * Ctrl-C cancels it, so the cancellation message follows on a clean screen; an answered prompt
 * stays. inquirer reads `clearPromptOnDone` once, as the prompt closes: by then the Ctrl-C
 * keypress (handled in the same tick as the cancel) has been seen.
 */
function cancelClearingContext(input: Readable, output: Writable): object {
  let cancelled = false;
  const onKeypress = (_text: unknown, key?: { ctrl?: boolean; name?: string }) => {
    if (key?.ctrl && key.name === "c") cancelled = true;
  };
  input.on("keypress", onKeypress);
  return {
    input,
    output,
    get clearPromptOnDone() {
      input.off("keypress", onKeypress);
      return cancelled;
    },
  };
}

/**
 * The real prompts, on the command's own stdin and stderr. Keys typed before a question opens
 * (during a spinner, say) are thrown away rather than answering it.
 */
export async function loadPrompts(ctx: Context): Promise<Prompts> {
  const { secretPrompt, ...inquirer } = await import("./inquirer.js");
  return bindPrompts(
    ctx,
    { ...inquirer, password: secretPrompt } as never,
    () => cancelClearingContext(ctx.streams.stdin, promptOutput(ctx.streams.stderr, ctx.ui.color)),
    async () => {
      if (await drainInput(ctx.streams.stdin)) throw promptCancelled();
    },
    outputWidth(ctx),
  );
}

/** One yes/no question on the command's stdin and stderr (translated yes/no, colour rules kept). */
export async function askYesNo(ctx: Context, message: string, defaultAnswer: boolean): Promise<boolean> {
  return (await loadPrompts(ctx)).confirm({ message, default: defaultAnswer }) as Promise<boolean>;
}
