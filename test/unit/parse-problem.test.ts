// A file that does not parse is described in people's words, at the place they must look: the
// comma before the `}`, not the `}` after it; every parser error code has its sentence in both
// languages.
import { printParseErrorCode } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { JsonParseFailure, parseJsonObject } from "../../src/config/json-file.js";
import { describeParseError, PARSER_CODES } from "../../src/config/parse-locate.js";
import { problemPhrase, type ParseProblem } from "../../src/config/parse-problem.js";
import { translate, messagesOf } from "../../src/i18n/catalogue.js";
import { en } from "../../src/i18n/en.js";
import { zhCN } from "../../src/i18n/zh-CN.js";

async function problemOf(text: string): Promise<ParseProblem> {
  const failure = await parseJsonObject("/x.json", Buffer.from(text));
  if (!(failure instanceof JsonParseFailure)) throw new Error(`parsed: ${text}`);
  return failure.problem;
}

const english = (problem: ParseProblem) => {
  const phrase = problemPhrase(problem);
  return translate(messagesOf(en), phrase.key, phrase.params);
};
const chinese = (problem: ParseProblem) => {
  const phrase = problemPhrase(problem);
  return translate(messagesOf(zhCN), phrase.key, phrase.params);
};

describe("where and why a JSON file does not parse", () => {
  it("a trailing comma is reported on the comma's line, before the }", async () => {
    const problem = await problemOf('{\n  "a": 1,\n}\n');
    expect(problem).toMatchObject({ reason: "trailing-comma", line: 2, column: 9 });
    expect(english(problem)).toContain("a comma before } at line 2");
    expect(chinese(problem)).toContain("第 2 行");
    const inArray = await problemOf('{\n  "a": [\n    1,\n  ]\n}');
    expect(inArray).toMatchObject({ reason: "trailing-comma", line: 3, column: 6 });
    expect(english(inArray)).toContain("a comma before ] at line 3");
  });

  it("a comment says it is a comment, in both languages", async () => {
    const line = await problemOf('{\n  // the servers\n  "a": 1\n}');
    expect(english(line)).toBe("a comment (// …) at line 2 — JSON does not allow comments");
    expect(chinese(line)).toBe("第 2 行有注释（// …）—— JSON 不允许注释");
    const block = await problemOf('{ "a": 1 /* why */ }');
    expect(english(block)).toContain("a comment (/* … */) at line 1");
    expect(await problemOf('{ "a": 1 /* open')).toMatchObject({ reason: "comment-unclosed" });
  });

  it("names the person's mistake and points where it is", async () => {
    const cases: [string, ParseProblem["reason"], number, number][] = [
      ['{\n  "a": 1\n  "b": 2\n}', "comma-missing", 2, 9],
      ['{"a" 1}', "colon-missing", 1, 5],
      ["{'a': 1}", "single-quotes", 1, 2],
      ["{a: 1}", "unquoted-name", 1, 2],
      ['{"a": tru}', "bad-word", 1, 7],
      ['{"a": 1,,"b": 2}', "extra-comma", 1, 9],
      ['{"a": }', "value-missing", 1, 7],
      ['{\n  "a": [1, 2\n', "unclosed-array", 2, 8],
      ['{\n  "a": 1\n', "unclosed-object", 1, 1],
      ['{"a": [1}', "wrong-close", 1, 9],
      ['{"a": 1}}', "text-after-end", 1, 9],
      ['{"a": "x', "unclosed-string", 1, 7],
      ['{"a": 01}', "number-format", 1, 7],
      ['{"a": "\\u12"}', "bad-unicode-escape", 1, 8],
      ['{"a": "b\\x"}', "bad-escape", 1, 9],
      ['{"a": "b\tc"}', "control-character", 1, 9],
      ['{"a": 1}\n\u0000', "nul-byte", 2, 1],
      ["[1, 2]", "not-an-object", 1, 1],
    ];
    for (const [text, reason, line, column] of cases) {
      const problem = await problemOf(text);
      expect({ text, ...problem }).toMatchObject({ text, reason, line, column });
      expect(english(problem)).toContain(`line ${line}`);
      expect(english(problem)).not.toMatch(/parse\.|\{\w+\}/);
    }
    expect(english(await problemOf("[1, 2]"))).toBe("a list ([ … ]) where an object ({ … }) is expected, at line 1");
  });

  it("every parser error code has a plain sentence in English and Chinese, with every placeholder filled", async () => {
    // The codes jsonc-parser can report are exactly the ones handled.
    const printed = Array.from({ length: 16 }, (_, i) => printParseErrorCode(i + 1));
    expect(printed.sort()).toEqual([...PARSER_CODES].sort());
    const text = '{\n  "a": [1, "x\\q", tru],\n  "b": 2\n}';
    for (const code of PARSER_CODES) {
      for (let offset = 0; offset <= text.length; offset += 3) {
        const problem = await describeParseError(text, code, offset, 2);
        for (const sentence of [english(problem), chinese(problem)]) {
          expect(sentence, `${code}@${offset}`).not.toMatch(/\{\w+\}|parse\./);
          expect(sentence, `${code}@${offset}`).not.toMatch(new RegExp(PARSER_CODES.join("|")));
        }
        expect(problem.line).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
