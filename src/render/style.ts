// Colour, symbols, widths and wrapping for human output; plain text when colour is off.
//
// The colour and display-width libraries load only for a run that needs them: chalk when colour
// is on (loadColours, awaited once the run knows), fast-string-width the first time text beyond
// printable ASCII and the tool's own marks is measured (render/width-library.ts). Building their
// tables at start cost a run more than its own work.
import type { ChalkInstance } from "chalk";
import type { Context } from "../core/context.js";
import { loadWidthLibrary } from "./width-library.js";

let colours: ChalkInstance | undefined;
let measure: ((text: string) => number) | undefined;

/** Loads the colour library: a run that prints in colour awaits this before it prints (src/cli/session.ts). */
export async function loadColours(): Promise<void> {
  colours ??= new (await import("chalk")).Chalk({ level: 1 });
}

const plain = (text: string) => text;

export function style(ctx: Pick<Context, "ui">) {
  const chalk = ctx.ui.color ? colours : undefined;
  const paint = (name: "green" | "yellow" | "red" | "dim" | "bold" | "cyan") => (chalk ? (text: string) => chalk[name](text) : plain);
  const green = paint("green");
  const yellow = paint("yellow");
  const red = paint("red");
  const dim = paint("dim");
  return {
    ok: green,
    warn: yellow,
    error: red,
    dim,
    bold: paint("bold"),
    added: green,
    removed: red,
    symbols: { ok: green("✔"), warn: yellow("⚠"), error: red("✖"), skip: dim("–"), info: paint("cyan")("ℹ") },
  };
}

/**
 * Aligns "label  value" rows (by display width; labels at least labelWidth wide, so that tables
 * printed apart line up). A value of several lines, or one longer than `width`, continues under
 * its first line (wrapped by wrapText), so that it stays in the value column.
 */
export function table(rows: [string, string][], indent = "  ", labelWidth = 0, width = Number.POSITIVE_INFINITY): string {
  const labels = Math.max(labelWidth, ...rows.map(([label]) => displayWidth(label)));
  const under = " ".repeat(displayWidth(indent) + labels + 2);
  return rows
    .map(([label, value]) =>
      wrapText(value, width, { first: `${indent}${label}${" ".repeat(labels - displayWidth(label))}  `, rest: under }),
    )
    .join("\n");
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

/**
 * Characters of one cell each, counted without the library ([first, last] code points): printable
 * ASCII, and the marks, arrows, dashes, quotes and spinner frames of the tool's own messages
 * (test/unit/display-width.test.ts checks every one against the library).
 */
export const ONE_CELL_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xb7, 0xb7], // ·
  [0xd7, 0xd7], // ×
  [0x2013, 0x2014], // – —
  [0x2018, 0x2019], // ‘ ’
  [0x201c, 0x201d], // “ ”
  [0x2022, 0x2022], // •
  [0x2026, 0x2026], // …
  [0x2139, 0x2139], // ℹ
  [0x2190, 0x2193], // ← ↑ → ↓
  [0x2212, 0x2212], // −
  [0x2318, 0x2318], // ⌘
  [0x26a0, 0x26a0], // ⚠
  [0x2713, 0x2714], // ✓ ✔
  [0x2716, 0x2716], // ✖
  [0x2800, 0x28ff], // braille: the spinner's frames
];
const codeUnit = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;
const ONE_CELL_TEXT = new RegExp(
  `^[${ONE_CELL_RANGES.map(([first, last]) => (first === last ? codeUnit(first) : `${codeUnit(first)}-${codeUnit(last)}`)).join("")}]*$`,
);

/**
 * Terminal cell width: CJK characters and emoji take two cells, combining marks none; colour codes
 * are not counted. Text of one-cell characters is counted here; other text by fast-string-width,
 * loaded the first time it is needed.
 */
export function displayWidth(text: string): number {
  const plain = text.includes("\u001b") ? stripColour(text) : text;
  if (ONE_CELL_TEXT.test(plain)) return plain.length;
  measure ??= loadWidthLibrary();
  return measure(text);
}

/** CJK ideographs, kana, hangul and full-width forms: a line may break before or after each. */
const CJK = /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
/** Punctuation that never starts a line (it stays with what it closes). */
const NO_BREAK_BEFORE = /^[\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300d\u300f\u3011\u300b\u3009\u201d\u2019\uff09,.;:?!)\]}]/u;
/** Punctuation that never ends a line (it stays with what it opens). */
const NO_BREAK_AFTER = /[\uff08\u300c\u300e\u3010\u300a\u3008\u201c\u2018([{]$/u;

/** The pieces of one line between which it may break; `space` is what stood before the piece (kept on one line). */
function pieces(line: string): { text: string; space: string }[] {
  const out: { text: string; space: string }[] = [];
  const words = line.split(/( +)/);
  for (let index = 0; index < words.length; index += 2) {
    const word = words[index] ?? "";
    if (word === "") continue;
    const space = out.length > 0 ? (words[index - 1] ?? "") : "";
    // Within a word, only between CJK characters (a URL or a Latin word is never split).
    let current = "";
    let first = true;
    const push = () => {
      if (current === "") return;
      const last = out.at(-1);
      if (!first && last && (NO_BREAK_BEFORE.test(current) || NO_BREAK_AFTER.test(last.text))) last.text += current;
      else out.push({ text: current, space: first ? space : "" });
      first = false;
      current = "";
    };
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes stay with the character they precede
    for (const ch of word.match(/(?:\u001b\[[0-9;]*m)*[^\u001b](?:\u001b\[[0-9;]*m)*|\u001b\[[0-9;]*m/gu) ?? []) {
      if (CJK.test(ch)) {
        push();
        current = ch;
        push();
      } else current += ch;
    }
    push();
  }
  return out;
}

/**
 * A path too long for a line of its own is broken after a "/" (never a URL, never a word): its
 * parts become pieces that join without a space.
 */
function longPaths(list: { text: string; space: string }[], room: number): { text: string; space: string }[] {
  return list.flatMap((piece) => {
    if (displayWidth(piece.text) <= room || !piece.text.includes("/") || piece.text.includes("://")) return [piece];
    const parts = piece.text.split(/(?<=\/)/);
    return parts.map((text, index) => ({ text, space: index === 0 ? piece.space : "" }));
  });
}

export interface WrapOptions {
  /** Put before the first line (counted in the width). */
  first?: string;
  /** Put before every following line: the hanging indent under a label or a symbol. */
  rest?: string;
}

/**
 * The one wrapping rule for text meant for people: each line of `text` broken at spaces (and
 * between CJK characters) into lines of at most `width` cells, by display width (CJK two cells,
 * colour codes none), never inside a word or a URL (one longer than the line gets a line of its
 * own), continued under `rest`. Leading spaces of a line are kept as its own indent.
 */
export function wrapText(text: string, width: number, options: WrapOptions = {}): string {
  const first = options.first ?? "";
  const rest = options.rest ?? " ".repeat(displayWidth(first));
  const out: string[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    const lead = /^ */.exec(line)![0];
    let prefix = `${index === 0 ? first : rest}${lead}`;
    const hang = `${rest}${lead}`;
    let current = "";
    for (const piece of longPaths(pieces(line.slice(lead.length)), width - displayWidth(hang))) {
      const joined = current === "" ? piece.text : `${current}${piece.space}${piece.text}`;
      // A first piece that does not fit after a long prefix starts the next line, when that has more room.
      if (current === "" && displayWidth(prefix) + displayWidth(joined) > width && displayWidth(hang) < displayWidth(prefix)) {
        out.push(prefix.trimEnd());
        prefix = hang;
      }
      if (current !== "" && displayWidth(prefix) + displayWidth(joined) > width) {
        out.push(`${prefix}${current}`);
        prefix = hang;
        current = piece.text;
      } else current = joined;
    }
    out.push(`${prefix}${current}`.trimEnd());
  }
  return out.join("\n");
}

/**
 * The width human output is laid out in: stderr's when it is a terminal; else COLUMNS when it is
 * a number (the shell's convention, for logs and tests), else 80.
 */
export function outputWidth(ctx: Pick<Context, "streams"> & { env?: Context["env"] }): number {
  const stream = ctx.streams.stderr;
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const columns = Number(ctx.env?.COLUMNS);
  return Number.isInteger(columns) && columns >= 20 ? columns : 80;
}

/** Text without its colour codes (SGR sequences), as it reads without colour. */
export function stripColour(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

/** The marks a message may start with ("✔ Done"): its following lines hang under the text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a mark may be coloured
const MARKS = /^(?:\u001b\[[0-9;]*m)*[\u2714\u26a0\u2716\u2013\u2139\u2022](?:\u001b\[[0-9;]*m)* /u;

/**
 * Lines for people, each wrapped at `width` by wrapText: a line that starts with a mark (✔ ⚠ ✖ – ℹ •)
 * continues under the text after it, an indented line under its own indent.
 */
export function wrapHuman(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      const lead = /^ */.exec(line)![0];
      const mark = MARKS.exec(line.slice(lead.length));
      if (!mark) return wrapText(line, width);
      const first = `${lead}${mark[0]}`;
      return wrapText(line.slice(first.length), width, { first, rest: " ".repeat(displayWidth(first)) });
    })
    .join("\n");
}
