// Why a JSON file does not parse, in people's words, and where they must look: the comma before
// a `}` rather than the `}` the parser stopped at, the `{` that is never closed rather than the
// end of the file. jsonc-parser finds the first error; its tokens around it tell which mistake
// a person made. Every parser error code has a sentence (PARSER_CODES, tested one by one). The
// locating is ./parse-locate.ts, loaded when a file does not parse; this module holds what a run
// reports (and the problems found without a parser).
import type { Phrase } from "../i18n/catalogue.js";

/** The stable reasons (`show --json` reports them); each has a `parse.<reason>` message. */
export type ParseReason =
  | "comment"
  | "comment-unclosed"
  | "trailing-comma"
  | "extra-comma"
  | "single-quotes"
  | "unquoted-name"
  | "bad-word"
  | "stray-character"
  | "comma-missing"
  | "colon-missing"
  | "value-missing"
  | "name-expected"
  | "unclosed-object"
  | "unclosed-array"
  | "wrong-close"
  | "text-after-end"
  | "unclosed-string"
  | "number-format"
  | "bad-unicode-escape"
  | "bad-escape"
  | "control-character"
  | "not-utf8"
  | "nul-byte"
  | "too-deep"
  | "not-an-object"
  | "invalid";

/** What a non-object top level holds, for "not-an-object". */
export type FoundKind = "array" | "null" | "string" | "number" | "boolean";

export interface ParseProblem {
  /** 1-based, where the person must look. */
  line: number;
  column: number;
  reason: ParseReason;
  /** The reason's own words (the comma's closing bracket, the unquoted name…): literal text from the file. */
  detail?: Record<string, string | number>;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/** A problem at an offset of the text. */
export function problemAt(text: string, offset: number, reason: ParseReason, detail?: ParseProblem["detail"]): ParseProblem {
  return { ...lineColumn(text, offset), reason, ...(detail ? { detail } : {}) };
}

/** The sentence of a problem, to put after "does not parse:". */
export function problemPhrase(problem: ParseProblem): Phrase {
  const { found, ...detail } = problem.detail ?? {};
  const params = { line: problem.line, column: problem.column, ...detail };
  if (problem.reason === "not-an-object")
    return { key: "parse.not-an-object", params: { ...params, found: { key: `parse.found.${found as FoundKind}` } } };
  return { key: `parse.${problem.reason}`, params };
}
