// Where and why a JSON text does not parse, via jsonc-parser (./parse-problem.ts holds what the
// problem is): loaded only when a file does not parse, with the parser.
import { createScanner, type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { type ParseProblem, problemAt } from "./parse-problem.js";

/** jsonc-parser's error codes by name (printParseErrorCode), each handled below. */
export const PARSER_CODES = [
  "InvalidSymbol",
  "InvalidNumberFormat",
  "PropertyNameExpected",
  "ValueExpected",
  "ColonExpected",
  "CommaExpected",
  "CloseBraceExpected",
  "CloseBracketExpected",
  "EndOfFileExpected",
  "InvalidCommentToken",
  "UnexpectedEndOfComment",
  "UnexpectedEndOfString",
  "UnexpectedEndOfNumber",
  "InvalidUnicode",
  "InvalidEscapeCharacter",
  "InvalidCharacter",
] as const;
export type ParserCode = (typeof PARSER_CODES)[number];

interface Token {
  offset: number;
  end: number;
  text: string;
}

/** What the tokens before the error say: the last one that is not space or a comment, and the open brackets. */
async function context(text: string, until: number): Promise<{ previous: Token | undefined; open: Token[] }> {
  const scanner = createScanner(text, false);
  const open: Token[] = [];
  let previous: Token | undefined;
  for (;;) {
    scanner.scan();
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (offset >= until || length === 0) break;
    const token = { offset, end: offset + length, text: text.slice(offset, offset + length) };
    const first = token.text[0] ?? "";
    if (/\s/.test(first) || token.text.startsWith("//") || token.text.startsWith("/*")) continue;
    if (first === "{" || first === "[") open.push(token);
    else if (first === "}" || first === "]") open.pop();
    previous = token;
  }
  return { previous, open };
}

/** The first offset in [from, to) whose character passes the test, else `from`. */
function firstWhere(text: string, from: number, to: number, test: (ch: string, at: number) => boolean): number {
  for (let at = from; at < Math.min(to, text.length); at++) if (test(text[at]!, at)) return at;
  return from;
}

/** The token-like run of text at an offset: a word, or one character. */
function wordAt(text: string, offset: number, length: number): string {
  const run = text.slice(offset, offset + Math.max(1, length));
  return run.length > 40 ? `${run.slice(0, 40)}…` : run;
}

/** Where a closing bracket is missing: the opener that is never closed, or the wrong closer found instead. */
function unclosed(text: string, offset: number, open: Token[], opener: "{" | "["): ParseProblem {
  const closer = opener === "{" ? "}" : "]";
  const found = text[offset];
  if (found !== undefined && /[}\]]/.test(found)) return problemAt(text, offset, "wrong-close", { closer: found, expected: closer });
  const start = [...open].reverse().find((t) => t.text === opener);
  return problemAt(text, start?.offset ?? offset, opener === "{" ? "unclosed-object" : "unclosed-array");
}

/**
 * The problem a person must fix for jsonc-parser's first error (its code and offset). Strict
 * options: comments and trailing commas are errors, as for JSON.parse.
 */
export async function describeParseError(text: string, code: ParserCode, offset: number, length: number): Promise<ParseProblem> {
  const { previous, open } = await context(text, offset);
  const here = text[offset];
  const inObject = open.at(-1)?.text === "{";
  switch (code) {
    case "InvalidCommentToken":
    case "UnexpectedEndOfComment": {
      if (text.startsWith("//", offset)) return problemAt(text, offset, "comment", { comment: "// …" });
      if (text.indexOf("*/", offset + 2) === -1) return problemAt(text, offset, "comment-unclosed");
      return problemAt(text, offset, "comment", { comment: "/* … */" });
    }
    case "PropertyNameExpected":
    case "ValueExpected": {
      if ((here === "}" || here === "]") && previous?.text === ",")
        return problemAt(text, previous.offset, "trailing-comma", { close: here });
      if (here === "," && (previous === undefined || /^[,{[]$/.test(previous.text))) return problemAt(text, offset, "extra-comma");
      if (here === undefined && open.length > 0) return unclosed(text, offset, open, open.at(-1)!.text === "{" ? "{" : "[");
      if (previous?.text === ":") return problemAt(text, offset, "value-missing");
      return problemAt(text, offset, code === "PropertyNameExpected" ? "name-expected" : "value-missing");
    }
    case "InvalidSymbol": {
      const word = wordAt(text, offset, length);
      if (word.startsWith("'")) return problemAt(text, offset, "single-quotes", { text: word });
      if (open.length === 0 && previous !== undefined) return problemAt(text, offset, "text-after-end");
      if (inObject && (previous?.text === "{" || previous?.text === ",")) return problemAt(text, offset, "unquoted-name", { name: word });
      if (/^[A-Za-z_$-]/.test(word)) return problemAt(text, offset, "bad-word", { word });
      return problemAt(text, offset, "stray-character", { char: word.slice(0, 1) });
    }
    case "CommaExpected": {
      // A closer that does not match the open bracket: `[1}`.
      if ((here === "}" || here === "]") && open.length > 0)
        return problemAt(text, offset, "wrong-close", { closer: here, expected: open.at(-1)!.text === "{" ? "}" : "]" });
      // `01`: the parser read a 0 and then a second number where a comma should be.
      if (previous && /^-?\d/.test(previous.text) && previous.end === offset && /\d/.test(here ?? ""))
        return problemAt(text, previous.offset, "number-format", { number: previous.text + wordAt(text, offset, length) });
      return problemAt(text, previous?.end ?? offset, "comma-missing");
    }
    case "ColonExpected":
      return problemAt(text, previous?.end ?? offset, "colon-missing", { name: previous?.text ?? "" });
    case "CloseBraceExpected":
      return unclosed(text, offset, open, "{");
    case "CloseBracketExpected":
      return unclosed(text, offset, open, "[");
    case "EndOfFileExpected":
      return problemAt(text, offset, "text-after-end");
    case "UnexpectedEndOfString":
      return problemAt(text, offset, "unclosed-string");
    case "InvalidNumberFormat":
    case "UnexpectedEndOfNumber":
      return problemAt(text, offset, "number-format", { number: wordAt(text, offset, length) });
    case "InvalidUnicode": {
      const at = firstWhere(text, offset, offset + length, (ch, i) => ch === "\\" && text[i + 1] === "u");
      return problemAt(text, at, "bad-unicode-escape");
    }
    case "InvalidEscapeCharacter": {
      const at = firstWhere(text, offset, offset + length, (ch, i) => ch === "\\" && !/["\\/bfnrtu]/.test(text[i + 1] ?? ""));
      return problemAt(text, at, "bad-escape", { escape: text.slice(at, at + 2) });
    }
    case "InvalidCharacter": {
      const at = firstWhere(text, offset + 1, offset + length, (ch) => ch.charCodeAt(0) < 0x20);
      return problemAt(text, at, "control-character");
    }
  }
}

/** Where and why the text is not JSON, via jsonc-parser, whose errors carry exact offsets. */
export async function locateParseProblem(text: string): Promise<ParseProblem> {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  const code = first ? printParseErrorCode(first.error) : undefined;
  if (!first || !(PARSER_CODES as readonly string[]).includes(code ?? "")) return problemAt(text, 0, "invalid");
  return describeParseError(text, code as ParserCode, first.offset, first.length);
}
