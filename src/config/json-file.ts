import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { errnoOf, osReason } from "../core/os-error.js";
import { READ_LIMITS, readRegularFileStat } from "../core/safe-read.js";
import { type FoundKind, type ParseProblem, type ParseReason, problemAt, problemPhrase } from "./parse-problem.js";

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
    /** What is wrong and where a person must look. */
    readonly problem: ParseProblem,
    /** The bytes that did not parse (what --repair keeps in the backup). */
    readonly raw: Buffer,
  ) {}

  get line(): number {
    return this.problem.line;
  }

  get column(): number {
    return this.problem.column;
  }

  get reason(): ParseReason {
    return this.problem.reason;
  }
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
    const byte = raw[decoded.invalidAt]?.toString(16).toUpperCase().padStart(2, "0") ?? "";
    return new JsonParseFailure(path, problemAt(prefix, prefix.length, "not-utf8", { byte }), raw);
  }
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (text.trim() === "") return {};
  if (text.includes("\u0000")) return new JsonParseFailure(path, problemAt(text, text.indexOf("\u0000"), "nul-byte"), raw);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Where and why: the parser's locating loads only for a file that does not parse.
    const { locateParseProblem } = await import("./parse-locate.js");
    return new JsonParseFailure(path, await locateParseProblem(text), raw);
  }
  if (tooDeep(value)) {
    // Every later step (compare, copy, write) recurses; a file this deep is not a real config.
    return new JsonParseFailure(path, problemAt(text, 0, "too-deep", { depth: MAX_DEPTH }), raw);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const found: FoundKind = Array.isArray(value)
      ? "array"
      : value === null
        ? "null"
        : typeof value === "boolean"
          ? "boolean"
          : typeof value === "number"
            ? "number"
            : "string";
    return new JsonParseFailure(path, problemAt(text, Math.max(0, text.search(/\S/)), "not-an-object", { found }), raw);
  }
  return value as JsonObject;
}

export function unparsableError(failure: JsonParseFailure): CliError {
  return new CliError({
    code: "config.unparsable",
    message: "error.configUnparsable",
    params: { path: failure.path, problem: problemPhrase(failure.problem) },
    hint: "hint.configUnparsable",
  });
}

/** A path that is a folder (or a device, a socket) where a file belongs; the code says which. */
function notAFile(path: string, code: "EISDIR" | "ENOTDIR" | "not-a-file"): CliError {
  return new CliError({
    code: "config.not-a-file",
    message: "error.notAFile",
    params: { path, reason: osReason(code) },
    hint: "hint.notAFile",
    cause: { code },
  });
}

/**
 * Reads a JSON object file; a missing file is {} with raw null. Throws a typed error otherwise.
 * `own`: the tool's own file (its entry, state.json): a symbolic link in its place is refused.
 */
export async function readJsonFile(
  ctx: Pick<Context, "fs">,
  path: string,
  options: { own?: boolean } = {},
): Promise<JsonFileRead | JsonParseFailure> {
  let raw: Buffer;
  let mode: number | null = null;
  try {
    const read = await readRegularFileStat(ctx, path, { limit: READ_LIMITS.config, noFollow: options.own === true });
    raw = read.bytes;
    mode = read.stat.mode & 0o777;
  } catch (error) {
    const code = errnoOf(error);
    if (code === "ENOENT") return { path, raw: null, value: {}, mode: null };
    if (code === "ENOTDIR" || code === "EISDIR" || code === "not-a-file") throw notAFile(path, code);
    throw new CliError({
      code: "config.unreadable",
      message: "error.configUnreadable",
      params: { path, reason: osReason(error) },
      hint: code === "too-large" ? "hint.fileTooLarge" : code === "symlink" ? "hint.notAFile" : "hint.configUnreadable",
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
