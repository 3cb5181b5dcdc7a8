import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";

export type JsonObject = Record<string, unknown>;

export interface JsonFileRead {
  path: string;
  /** The exact bytes on disk, or null when the file does not exist. */
  raw: Buffer | null;
  /** The parsed object; {} for a missing or empty file. */
  value: JsonObject;
  mode: number | null;
}

export class JsonParseFailure {
  /** The file's permission bits, when it was read from disk (readJsonFile). */
  mode: number | null = null;

  constructor(
    readonly path: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    /** The bytes that did not parse (what --repair keeps in the backup). */
    readonly raw: Buffer,
  ) {}
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/** Where and why JSON.parse failed, via jsonc-parser, whose errors carry exact offsets. */
async function locateParseError(text: string): Promise<{ offset: number; reason: string }> {
  const { parse, printParseErrorCode } = await import("jsonc-parser");
  const errors: import("jsonc-parser").ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { offset: 0, reason: "InvalidSymbol" };
  return { offset: first.offset, reason: printParseErrorCode(first.error) };
}

/** Strips a UTF-8 BOM; CRLF needs no handling since JSON treats \r as white space. For display only. */
export function decodeJsonText(raw: Buffer): string {
  const text = raw.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The file's text, BOM included, or the offset of its first byte that is not UTF-8. Never a lossy
 * decoding: a file in another encoding is refused rather than re-encoded (every byte of it that
 * is not ASCII would otherwise become U+FFFD when written back).
 */
export function decodeUtf8(raw: Buffer): string | { invalidAt: number } {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    // Lossy decoding replaces the first invalid sequence; encoding it again shows where that was.
    const again = Buffer.from(raw.toString("utf8"), "utf8");
    let offset = 0;
    while (offset < raw.length && raw[offset] === again[offset]) offset++;
    return { invalidAt: offset };
  }
}

const MAX_DEPTH = 256;

/** True when arrays/objects nest deeper than MAX_DEPTH (checked without recursion). */
function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_DEPTH) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Parses text that must hold a JSON object. Empty text counts as {}. Anything else that is not
 * an object is a failure with a position, never silently replaced.
 */
export async function parseJsonObject(path: string, raw: Buffer): Promise<JsonObject | JsonParseFailure> {
  const decoded = decodeUtf8(raw);
  if (typeof decoded !== "string") {
    const prefix = raw.subarray(0, decoded.invalidAt).toString("utf8");
    const { line, column } = lineColumn(prefix, prefix.length);
    const byte = raw[decoded.invalidAt]?.toString(16).toUpperCase().padStart(2, "0") ?? "";
    return new JsonParseFailure(path, line, column, `not UTF-8 text (byte 0x${byte})`, raw);
  }
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (text.trim() === "") return {};
  if (text.includes("\u0000")) {
    const { line, column } = lineColumn(text, text.indexOf("\u0000"));
    return new JsonParseFailure(path, line, column, "NUL byte", raw);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { offset, reason } = await locateParseError(text);
    const { line, column } = lineColumn(text, offset);
    return new JsonParseFailure(path, line, column, reason, raw);
  }
  if (tooDeep(value)) {
    // Every later step (compare, copy, write) recurses; a file this deep is not a real config.
    return new JsonParseFailure(path, 1, 1, `nested deeper than ${MAX_DEPTH} levels`, raw);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const firstChar = text.search(/\S/);
    const { line, column } = lineColumn(text, Math.max(0, firstChar));
    return new JsonParseFailure(
      path,
      line,
      column,
      `expected an object, found ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`,
      raw,
    );
  }
  return value as JsonObject;
}

export function unparsableError(failure: JsonParseFailure): CliError {
  return new CliError({
    code: "config.unparsable",
    message: "error.configUnparsable",
    params: { path: failure.path, line: failure.line, column: failure.column, reason: failure.reason },
    hint: "hint.configUnparsable",
  });
}

/** Reads a JSON object file; a missing file is {} with raw null. Throws a typed error otherwise. */
export async function readJsonFile(ctx: Pick<Context, "fs">, path: string): Promise<JsonFileRead | JsonParseFailure> {
  let raw: Buffer;
  let mode: number | null = null;
  try {
    const stat = await ctx.fs.stat(path);
    if (!stat.isFile()) {
      throw new CliError({ code: "config.not-a-file", message: "error.notAFile", params: { path }, hint: "hint.notAFile" });
    }
    mode = stat.mode & 0o777;
    raw = await ctx.fs.readFile(path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { path, raw: null, value: {}, mode: null };
    if (code === "ENOTDIR") {
      throw new CliError({ code: "config.not-a-file", message: "error.notAFile", params: { path }, hint: "hint.notAFile" });
    }
    throw new CliError({
      code: "config.unreadable",
      message: "error.configUnreadable",
      params: { path, reason: code ?? String(error) },
      hint: "hint.configUnreadable",
      cause: error,
    });
  }
  const parsed = await parseJsonObject(path, raw);
  if (parsed instanceof JsonParseFailure) {
    parsed.mode = mode;
    return parsed;
  }
  return { path, raw, value: parsed, mode };
}

/** 2-space indentation and a final newline; insertion order (so existing key order) is kept. */
export function serializeJson(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8");
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
