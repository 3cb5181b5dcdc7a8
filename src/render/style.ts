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

/**
 * Aligns "label  value" rows (by display width; labels at least labelWidth wide, so that tables
 * printed apart line up). A value of several lines continues under its first line, so a wrapped
 * list stays in the value column.
 */
export function table(rows: [string, string][], indent = "  ", labelWidth = 0): string {
  const width = Math.max(labelWidth, ...rows.map(([label]) => displayWidth(label)));
  const under = " ".repeat(displayWidth(indent) + width + 2);
  return rows
    .map(([label, value]) => `${indent}${label}${" ".repeat(width - displayWidth(label))}  ${value.split("\n").join(`\n${under}`)}`)
    .join("\n");
}

/** The width to lay text out in: the terminal's, when the stream is one, else 80 columns. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : 80;
}

/**
 * Items joined with ", ", broken into lines of at most `width` cells (an item longer than that
 * gets a line of its own); each line but the last ends with the comma.
 */
export function wrapList(items: string[], width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const [index, item] of items.entries()) {
    const piece = index < items.length - 1 ? `${item},` : item;
    if (line !== "" && displayWidth(line) + 1 + displayWidth(piece) > width) {
      lines.push(line);
      line = piece;
    } else {
      line = line === "" ? piece : `${line} ${piece}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

/** Characters that take no cell of their own: combining marks, joiners, variation selectors. */
function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x1ab0 && code <= 0x1aff) ||
    (code >= 0x20d0 && code <= 0x20ff)
  );
}

/** East Asian wide and full-width characters, and emoji: two cells. */
function isWide(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1faff) ||
      (code >= 0x20000 && code <= 0x3fffd))
  );
}

/** Terminal cell width: CJK characters and emoji take two cells, combining marks none; colour codes are not counted. */
export function displayWidth(text: string): number {
  let width = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, "")) {
    const code = ch.codePointAt(0) ?? 0;
    width += isZeroWidth(code) ? 0 : isWide(code) ? 2 : 1;
  }
  return width;
}
