// Colour and symbols for human output; plain text when colour is off.
import { Chalk } from "chalk";
import type { Context } from "../core/context.js";

export function style(ctx: Context) {
  const chalk = new Chalk({ level: ctx.ui.color ? 1 : 0 });
  return {
    ok: (s: string) => chalk.green(s),
    warn: (s: string) => chalk.yellow(s),
    error: (s: string) => chalk.red(s),
    dim: (s: string) => chalk.dim(s),
    bold: (s: string) => chalk.bold(s),
    added: (s: string) => chalk.green(s),
    removed: (s: string) => chalk.red(s),
    symbols: { ok: chalk.green("✔"), warn: chalk.yellow("⚠"), error: chalk.red("✖"), skip: chalk.dim("–"), info: chalk.cyan("ℹ") },
  };
}

/** Aligns "label  value" rows. */
export function table(rows: [string, string][], indent = "  "): string {
  const width = Math.max(0, ...rows.map(([label]) => displayWidth(label)));
  return rows.map(([label, value]) => `${indent}${label}${" ".repeat(width - displayWidth(label))}  ${value}`).join("\n");
}

/** Terminal cell width: CJK characters take two cells. */
export function displayWidth(text: string): number {
  let width = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, "")) {
    const code = ch.codePointAt(0) ?? 0;
    width +=
      code >= 0x1100 &&
      (code <= 0x115f ||
        (code >= 0x2e80 && code <= 0xa4cf) ||
        (code >= 0xac00 && code <= 0xd7a3) ||
        (code >= 0xf900 && code <= 0xfaff) ||
        (code >= 0xfe30 && code <= 0xfe4f) ||
        (code >= 0xff00 && code <= 0xff60) ||
        (code >= 0xffe0 && code <= 0xffe6))
        ? 2
        : 1;
  }
  return width;
}
