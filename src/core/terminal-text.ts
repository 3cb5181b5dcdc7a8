// Text from outside the tool (a server's answer, a file, a sign-in callback) made safe to print on
// a terminal: no control character reaches it. One pass, linear in the text's length.
//
// Removed: C0 controls (U+0000–U+001F) and DEL, C1 controls (U+0080–U+009F), whole escape
// sequences (ESC or its C1 form followed by CSI parameters, or an OSC/DCS/SOS/PM/APC string up to
// its terminator, or a two-character escape), and the bidirectional marks, embeddings, overrides
// and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). Tabs, line feeds and
// carriage returns become one space (so that words stay apart), unless lines are kept.

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Whether printing the text could move the cursor, change the title, reorder it, …: anything but plain characters. */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

const ESC = 0x1b;
const BEL = 0x07;
/** The C1 string terminator (ST), and the introducers of strings that run until one. */
const ST = 0x9c;

function isBidi(code: number): boolean {
  return code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** Where a control string (OSC, DCS, …) starting at `from` ends: after BEL, ST or ESC \, or at the end of the text. */
function skipString(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BEL || code === ST) return i + 1;
    if (code === ESC) return text.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
  }
  return text.length;
}

/** Where a CSI sequence whose parameters start at `from` ends: parameters 0x30–0x3F, intermediates 0x20–0x2F, one final 0x40–0x7E. */
function skipCsi(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x3f) i++;
    else return code >= 0x40 && code <= 0x7e ? i + 1 : i;
  }
  return i;
}

/** Where the sequence introduced by ESC at `at` ends. */
function skipEscape(text: string, at: number): number {
  const next = text.charCodeAt(at + 1);
  if (Number.isNaN(next)) return at + 1;
  if (next === 0x5b) return skipCsi(text, at + 2); // [
  if (next === 0x5d || next === 0x50 || next === 0x58 || next === 0x5e || next === 0x5f) return skipString(text, at + 2); // ] P X ^ _
  // nF: intermediates then a final; Fp/Fe/Fs: one final character.
  let i = at + 1;
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++;
  const final = text.charCodeAt(i);
  return final >= 0x30 && final <= 0x7e ? i + 1 : i;
}

export interface StripOptions {
  /** Keep line feeds (a text of several lines); tabs and carriage returns still become spaces. */
  keepLines?: boolean;
}

/**
 * The text with every control character, escape sequence and bidi control taken out. Plain text
 * comes back as it is (the same string); the work is one pass over the text.
 */
export function stripControls(text: string, options: StripOptions = {}): string {
  if (!UNSAFE.test(text)) return text;
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  const cut = (end: number, replacement = "") => {
    if (i > start) parts.push(text.slice(start, i));
    if (replacement) parts.push(replacement);
    i = end;
    start = end;
  };
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) {
      i++;
      continue;
    }
    if (code === ESC) cut(skipEscape(text, i));
    else if (code === 0x9b) cut(skipCsi(text, i + 1));
    else if (code === 0x9d || code === 0x90 || code === 0x98 || code === 0x9e || code === 0x9f) cut(skipString(text, i + 1));
    else if (code === 0x0a) options.keepLines ? i++ : cut(i + 1, " ");
    else if (code === 0x09 || code === 0x0d) cut(i + 1, " ");
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || isBidi(code)) cut(i + 1);
    else i++;
  }
  if (start < text.length) parts.push(text.slice(start));
  return parts.join("");
}

/**
 * A command's result with every string in it (values and keys, at any depth) stripped, lines
 * kept: what the human renderer is given, so that no field a server or a file filled can be
 * printed raw by a renderer that forgets. The result itself (printed by --json) is not changed.
 */
export function stripControlsDeep<T>(value: T): T {
  if (typeof value === "string") return stripControls(value, { keepLines: true }) as T;
  if (Array.isArray(value)) return value.map((item) => stripControlsDeep(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[stripControls(key)] = stripControlsDeep(item);
    return out as T;
  }
  return value;
}

/** C1 controls, bidi controls and line separators: JSON.stringify leaves them raw. */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON for a terminal or a pipe: the same document as JSON.stringify (every value exact once
 * parsed), with the controls that JSON does not escape itself written as \u escapes as well.
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
