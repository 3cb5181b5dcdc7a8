// commander's help in the user's language: its section titles, its "[options]" and "[command]"
// placeholders and the "(choices: …)" note come from the catalogue. In English they read exactly
// as commander's own.
import { Help, type Command, type Option } from "commander";
import { type MessageKey, sentences } from "../i18n/catalogue.js";
import { displayWidth, wrapText } from "../render/style.js";

/** Characters that take two cells and give a line places to break: CJK. */
const WIDE = /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/u;

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The help configuration of one command, for `command.configureHelp()`. */
export function translatedHelp(t: Translate): Partial<Help> {
  const titles: Record<string, string> = {
    "Usage:": t("cli.help.usage"),
    "Options:": t("cli.help.options"),
    "Commands:": t("cli.help.commands"),
    "Arguments:": t("cli.help.arguments"),
  };
  const placeholders = (text: string) =>
    text.replace("[options]", t("cli.help.optionsPlaceholder")).replace("[command]", t("cli.help.commandPlaceholder"));
  return {
    // Columns by display width (a Chinese character takes two cells), and Chinese wrapped by the
    // tool's one rule (between characters, never before closing punctuation); English exactly as
    // commander wraps it.
    displayWidth: (text: string) => displayWidth(text),
    boxWrap(this: Help, text: string, width: number) {
      if (width < this.minWidthToWrap || !WIDE.test(text)) return Help.prototype.boxWrap.call(this, text, width);
      return wrapText(text, width);
    },
    styleTitle: (title: string) => titles[title] ?? title,
    // commander puts a space after "Usage:"; none after a Chinese colon.
    formatHelp(this: Help, command: Command, helper: Help) {
      const usage = titles["Usage:"]!;
      const text = Help.prototype.formatHelp.call(this, command, helper);
      return usage.endsWith("：") && text.startsWith(`${usage} `) ? usage + text.slice(usage.length + 1) : text;
    },
    commandUsage(this: Help, command: Command) {
      return placeholders(Help.prototype.commandUsage.call(this, command));
    },
    // A command's name and arguments, without commander's "[options]": a command's options join
    // the tree only when it runs (cli.ts), and its own help lists them.
    subcommandTerm: (command: Command) =>
      [
        command.name(),
        ...command.registeredArguments.map((a) =>
          a.required ? `<${a.name()}${a.variadic ? "..." : ""}>` : `[${a.name()}${a.variadic ? "..." : ""}]`,
        ),
      ].join(" "),
    // commander's own rules for which notes an option gets, with the notes' words translated.
    optionDescription(this: Help, option: Option) {
      const notes: string[] = [];
      if (option.argChoices) notes.push(t("cli.help.choices", { choices: option.argChoices.map((c) => JSON.stringify(c)).join(", ") }));
      const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === "boolean");
      if (option.defaultValue !== undefined && showDefault)
        notes.push(t("cli.help.default", { value: option.defaultValueDescription || JSON.stringify(option.defaultValue) }));
      if (notes.length === 0) return Help.prototype.optionDescription.call(this, option);
      return sentences(option.description, ...notes);
    },
  };
}
