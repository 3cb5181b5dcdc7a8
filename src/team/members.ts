// The members file: a CSV with a header; `name` required, `limit`, `limit_reset` and `email`
// optional per row (a row's value wins over the command's). Member names become file names, so
// only names that are safe as a file name on macOS, Windows and Linux are accepted.
import { type CliError, usageError } from "../core/errors.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { LIMIT_RESETS, type LimitReset } from "../openrouter/management.js";
import { CsvError, parseCsv, type CsvProblem } from "./csv.js";
import { decodeUtf8 } from "../config/json-file.js";

export interface Member {
  name: string;
  /** Line of the members file the member came from. */
  line: number;
  limit: number;
  limitReset: LimitReset | null;
  email: string | null;
}

export interface MemberDefaults {
  limit?: number | undefined;
  limitReset?: LimitReset | null | undefined;
}

export const KNOWN_COLUMNS = ["name", "limit", "limit_reset", "email"] as const;
export const MAX_NAME_LENGTH = 64;

const CSV_PROBLEMS: Record<CsvProblem, MessageKey> = {
  "unterminated-quote": "error.teamCsvUnterminatedQuote",
  "quote-in-field": "error.teamCsvQuoteInField",
  "after-quote": "error.teamCsvAfterQuote",
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Marks that reorder text on screen (U+202E shows "gpj.exe" as "exe.jpg"): a name is refused with one. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why a name is not a safe file name, as a message key; null when it is. */
export function unsafeName(name: string): MessageKey | null {
  if (name.length === 0) return "error.teamNameEmpty";
  if (CONTROL.test(name)) return "error.teamNameControl";
  if (BIDI.test(name)) return "error.teamNameBidi";
  if (/[/\\]/.test(name)) return "error.teamNameSeparator";
  if (name.startsWith(".") || name.includes("..")) return "error.teamNameDots";
  if (/[<>:"|?*]/.test(name) || /[. ]$/.test(name) || WINDOWS_DEVICE.test(name)) return "error.teamNameWindows";
  if ([...name].length > MAX_NAME_LENGTH) return "error.teamNameLong";
  if (name.toLowerCase() === "manifest") return "error.teamNameReserved";
  return null;
}

/** The same file on a case-insensitive file system (macOS, Windows): duplicates are found by this. */
export function nameIdentity(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

/** A name as shown in a message: control characters made visible. */
export function shownName(name: string): string {
  const visible = CONTROL.test(name) ? JSON.stringify(name).slice(1, -1) : name;
  return visible.replace(new RegExp(BIDI.source, "g"), (mark) => `\\u${mark.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The file's text; bytes that are not UTF-8 (a file saved as Windows-1252) are refused by line. */
function membersText(input: string | Uint8Array, file: string): string {
  if (typeof input === "string") return input;
  const decoded = decodeUtf8(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  if (typeof decoded === "string") return decoded;
  const before = Buffer.from(input.subarray(0, decoded.invalidAt)).toString("utf8");
  const byte = (input[decoded.invalidAt] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  throw lineError("error.teamCsvNotUtf8", file, before.split("\n").length, { byte });
}

/** A cap in USD: a positive number, "$" allowed in front. Null when it is not one. */
export function parseLimit(text: string): number | null {
  const cleaned = text.trim().replace(/^\$\s*/, "");
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** daily, weekly, monthly; "none" (or "never") for a cap that never resets. Undefined when unknown. */
export function parseReset(text: string): LimitReset | null | undefined {
  const value = text.trim().toLowerCase();
  if ((LIMIT_RESETS as readonly string[]).includes(value)) return value as LimitReset;
  if (value === "none" || value === "never") return null;
  return undefined;
}

function lineError(message: MessageKey, file: string, line: number, params: Record<string, string | number> = {}): CliError {
  return usageError(message, { file, line, ...params }, "hint.teamMembersFile");
}

/** Reads the members file's text into members, or a usage error naming the file and line. */
export function parseMembers(
  input: string | Uint8Array,
  file: string,
  defaults: MemberDefaults,
): { members: Member[]; unknownColumns: string[] } {
  const text = membersText(input, file);
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw lineError(CSV_PROBLEMS[error.problem], file, error.line);
    throw error;
  }
  const header = records.shift();
  if (!header) throw usageError("error.teamCsvEmpty", { file }, "hint.teamMembersFile");
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  for (const [index, column] of columns.entries()) {
    if (columns.indexOf(column) !== index) throw lineError("error.teamCsvDuplicateColumn", file, header.line, { column });
  }
  const at = (column: string) => columns.indexOf(column);
  if (at("name") < 0) throw lineError("error.teamCsvNoName", file, header.line);
  const unknownColumns = columns.filter((c) => !(KNOWN_COLUMNS as readonly string[]).includes(c));

  const members: Member[] = [];
  const seen = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const record of records) {
    const { line, fields } = record;
    if (fields.length !== columns.length)
      throw lineError("error.teamCsvFieldCount", file, line, { expected: columns.length, found: fields.length });
    const cell = (column: string) => (at(column) >= 0 ? (fields[at(column)] ?? "").trim() : "");
    const name = (fields[at("name")] ?? "").trim().normalize("NFC");
    const unsafe = unsafeName(name);
    if (unsafe) throw lineError(unsafe, file, line, { name: shownName(name), max: MAX_NAME_LENGTH });
    const first = seen.get(nameIdentity(name));
    if (first !== undefined) throw lineError("error.teamDuplicateMember", file, line, { name, first });
    seen.set(nameIdentity(name), line);

    let limit = defaults.limit;
    if (cell("limit") !== "") {
      const parsed = parseLimit(cell("limit"));
      if (parsed === null) throw lineError("error.teamLimitInvalid", file, line, { value: cell("limit") });
      limit = parsed;
    }
    if (limit === undefined) throw lineError("error.teamNoCap", file, line, { name });
    let limitReset = defaults.limitReset ?? null;
    if (cell("limit_reset") !== "") {
      const parsed = parseReset(cell("limit_reset"));
      if (parsed === undefined) throw lineError("error.teamResetInvalid", file, line, { value: cell("limit_reset") });
      limitReset = parsed;
    }
    const email = cell("email");
    if (email !== "" && (!/^[^\s@]+@[^\s@]+$/.test(email) || BIDI.test(email) || CONTROL.test(email)))
      throw lineError("error.teamEmailInvalid", file, line, { value: shownName(email) });
    const firstEmail = emails.get(email.toLowerCase());
    if (email !== "" && firstEmail !== undefined) throw lineError("error.teamDuplicateEmail", file, line, { email, first: firstEmail });
    if (email !== "") emails.set(email.toLowerCase(), line);
    members.push({ name, line, limit, limitReset, email: email === "" ? null : email });
  }
  if (members.length === 0) throw usageError("error.teamCsvEmpty", { file }, "hint.teamMembersFile");
  return { members, unknownColumns };
}

/** --limit for provision and set-limit: a positive amount in USD. */
export function limitOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = parseLimit(value);
  if (limit === null) throw usageError("error.teamLimitOption", { value }, "hint.teamLimit");
  return limit;
}

/** --limit-reset: daily, weekly, monthly or none. */
export function resetOption(value: string | undefined): LimitReset | null | undefined {
  if (value === undefined) return undefined;
  const reset = parseReset(value);
  if (reset === undefined)
    throw usageError("error.teamResetOption", { value, choices: [...LIMIT_RESETS, "none"].join(", ") }, "hint.teamLimit");
  return reset;
}
