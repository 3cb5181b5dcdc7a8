// The activity CSV opens in a spreadsheet as data, never as a formula: OWASP's rule (a cell that
// starts with =, +, -, @, a tab or a carriage return gets a leading single quote, and is quoted),
// RFC 4180 quoting for separators, quotes and line breaks; the numbers the tool computed stay numbers.
import { describe, expect, it } from "vitest";
import { activityCsv, csvCell, periodOf } from "../../src/team/activity.js";
import { parseCsv } from "../../src/team/csv.js";

describe("csvCell", () => {
  it.each([
    ["=1+2", `"'=1+2"`],
    ["+1+2", `"'+1+2"`],
    ["-1+2", `"'-1+2"`],
    ["@SUM(A1:A2)", `"'@SUM(A1:A2)"`],
    ["\t=1", `"'\t=1"`],
    ["\r=1", `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])("a formula-looking %j stays text", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
    // Read back: the single quote marks text, the value is otherwise intact.
    expect(parseCsv(`a\n${cell}\n`)[1]!.fields[0]).toBe(`'${value}`);
  });

  it("plain text, commas, quotes and line breaks, and numbers", () => {
    expect(csvCell("alice")).toBe("alice");
    expect(csvCell("Lee, Ann")).toBe('"Lee, Ann"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(0.25)).toBe("0.25");
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("a whole file: a header and one row per line, every text cell guarded", () => {
    const text = activityCsv([
      {
        member: "+cmd",
        date: "2026-12-01",
        model: "@model",
        provider: "-Provider",
        requests: 2,
        promptTokens: 10,
        completionTokens: 5,
        reasoningTokens: 0,
        usage: 0.5,
        byokUsage: 0,
        outsidePolicy: true,
      },
    ]);
    const [header, row] = parseCsv(text);
    expect(header!.fields[0]).toBe("date");
    expect(row!.fields.slice(0, 4)).toEqual(["2026-12-01", "'+cmd", "'@model", "'-Provider"]);
    expect(row!.fields.slice(4)).toEqual(["2", "10", "5", "0", "0.5", "0", "true"]);
    expect(text.endsWith("\r\n")).toBe(true);
  });
});

describe("periodOf", () => {
  const now = new Date("2026-12-07T10:00:00Z");
  it("the last n completed UTC days, today never included", () => {
    expect(periodOf(now, {})).toEqual({ from: "2026-11-07", to: "2026-12-06" });
    expect(periodOf(now, { days: "1" })).toEqual({ from: "2026-12-06", to: "2026-12-06" });
    expect(periodOf(now, { since: "2026-11-01", until: "2026-11-30" })).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
  it.each([[{ days: "0" }], [{ days: "31" }], [{ days: "2.5" }], [{ since: "2026-02-30" }], [{ since: "12/01/2026" }]])(
    "refuses %j",
    (o) => {
      expect(() => periodOf(now, o)).toThrow();
    },
  );
});
