// The members file: our CSV reader (quotes, commas and line breaks in quotes, BOM, CRLF/CR,
// separators) and the member rules (safe file names, duplicates, caps, resets, e-mail).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvError, parseCsv } from "../../src/team/csv.js";
import { nameIdentity, parseMembers, unsafeName } from "../../src/team/members.js";
import { CliError } from "../../src/core/errors.js";
import { en } from "../../src/i18n/en.js";
import { translate, messagesOf } from "../../src/i18n/catalogue.js";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe("parseCsv", () => {
  it("reads quoted fields with separators, quotes and line breaks inside", () => {
    expect(fields('name,note\n"Lee, Ann","said ""hi""\nthen left"\nbob,\n')).toEqual([
      ["name", "note"],
      ["Lee, Ann", 'said "hi"\nthen left'],
      ["bob", ""],
    ]);
  });

  it("drops a BOM; CRLF, LF and CR all end lines; blank lines are skipped; no final newline needed", () => {
    expect(fields("\uFEFFname\r\nalice\r\n\r\nbob\rcarol")).toEqual([["name"], ["alice"], ["bob"], ["carol"]]);
  });

  it("numbers records by the physical line they start on", () => {
    expect(parseCsv('name,note\n"a","x\ny"\n\nb,z\n').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("takes the separator from the header: semicolons or tabs when it has no comma", () => {
    expect(fields('name;limit\n"a;b";5\n')).toEqual([
      ["name", "limit"],
      ["a;b", "5"],
    ]);
    expect(fields("name\tlimit\na, b\t5\n")).toEqual([
      ["name", "limit"],
      ["a, b", "5"],
    ]);
  });

  it("names the line of a malformed record", () => {
    const problem = (text: string) => {
      try {
        parseCsv(text);
      } catch (error) {
        return error instanceof CsvError ? [error.line, error.problem] : error;
      }
      return null;
    };
    expect(problem('name\nalice\n"bob\ncarol\n')).toEqual([3, "unterminated-quote"]);
    expect(problem('name\nal"ice\n')).toEqual([2, "quote-in-field"]);
    expect(problem('name\n"alice"x\n')).toEqual([2, "after-quote"]);
    expect(problem('name\n"alice"  ,\n')).toBeNull();
  });

  it("reads back any table written with RFC 4180 quoting", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "\r\n", "é", "王", ";") });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, (rows) => {
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const text = ["h1,h2", ...rows.map((r) => r.map(quote).join(","))].join("\r\n");
        expect(fields(text).slice(1)).toEqual(rows);
      }),
    );
  });
});

function members(text: string, defaults = { limit: 25 as number | undefined, limitReset: "monthly" as const }) {
  return parseMembers(text, "members.csv", defaults);
}

/** The usage error's message in English, or null. */
function failure(text: string, defaults?: Parameters<typeof members>[1]): string | null {
  try {
    members(text, defaults);
    return null;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    expect(error.exitCode).toBe(2);
    return translate(messagesOf(en), error.messageKey, error.params);
  }
}

describe("parseMembers", () => {
  it("a row's limit, limit_reset and email win over the defaults", () => {
    const { members: list, unknownColumns } = members(
      "Name,Limit,limit_reset,email,team\nalice,,,,x\nbob,$50,weekly,bob@example.com,y\ncarol,7.5,none,,z\n",
    );
    expect(list).toEqual([
      { name: "alice", line: 2, limit: 25, limitReset: "monthly", email: null },
      { name: "bob", line: 3, limit: 50, limitReset: "weekly", email: "bob@example.com" },
      { name: "carol", line: 4, limit: 7.5, limitReset: null, email: null },
    ]);
    expect(unknownColumns).toEqual(["team"]);
  });

  it("refuses names that are not safe file names, naming the line", () => {
    expect(failure("name\nok\na/b\n")).toMatch(/^members\.csv, line 3: .*"a\/b".*separator/);
    expect(failure("name\na\\b\n")).toMatch(/line 2.*separator/);
    expect(failure("name\n..\n")).toMatch(/line 2.*starts with a dot/);
    expect(failure("name\n.hidden\n")).toMatch(/line 2.*starts with a dot/);
    expect(failure("name\na..b\n")).toMatch(/line 2.*"\.\."/);
    expect(failure('name\n"tab\there"\n')).toMatch(/line 2.*"tab\\there" holds control characters/);
    expect(failure("name\nnul.txt\n")).toMatch(/line 2.*Windows/);
    expect(failure("name\nwhy?\n")).toMatch(/line 2.*Windows/);
    expect(failure("name\ntrailing.\n")).toMatch(/line 2.*Windows/);
    expect(failure(`name\n${"x".repeat(65)}\n`)).toMatch(/line 2.*longer than 64/);
    expect(failure("name\nManifest\n")).toMatch(/line 2.*reserved/);
    expect(failure("name,limit\n ,5\n")).toMatch(/line 2: the name is empty/);
  });

  it("finds duplicates as a case-insensitive file system would", () => {
    expect(failure("name\nalice\nbob\nALICE\n")).toBe(
      'members.csv, line 4: "ALICE" is already on line 2 (names that differ only in case are the same file).',
    );
    // The same name in composed and decomposed form is one file on macOS.
    expect(failure("name\nJos\u00e9\nJose\u0301\n")).toMatch(/line 3/);
    expect(nameIdentity("王芳")).toBe("王芳");
  });

  it("refuses bad caps, resets, e-mails, field counts and headers", () => {
    expect(failure("name,limit\nalice,ten\n")).toMatch(/line 2: the limit "ten"/);
    expect(failure("name,limit\nalice,0\n")).toMatch(/line 2: the limit "0"/);
    expect(failure("name,limit\nalice,-5\n")).toMatch(/line 2/);
    expect(failure("name,limit_reset\nalice,yearly\n")).toMatch(/line 2: the limit_reset "yearly"/);
    expect(failure("name,email\nalice,not-an-address\n")).toMatch(/line 2: "not-an-address"/);
    expect(failure("name,limit\nalice\n")).toBe("members.csv, line 2: 1 fields where the header has 2.");
    expect(failure("member,limit\nalice,5\n")).toMatch(/line 1: the header has no name column/);
    expect(failure("name,Name\na,b\n")).toMatch(/line 1: the column name appears twice/);
    expect(failure("name\n")).toBe("members.csv holds no members.");
    expect(failure("name\nalice\n", { limit: undefined, limitReset: "monthly" })).toBe('members.csv, line 2: "alice" has no spending cap.');
  });

  it("refuses a file that is not UTF-8 (saved as Windows-1252), naming the line and the byte", () => {
    // "José" in Windows-1252: é is the single byte 0xE9, not valid UTF-8.
    const cp1252 = Buffer.concat([Buffer.from("name,limit\nalice,5\nJos"), Buffer.from([0xe9]), Buffer.from(",5\n")]);
    expect(failure(cp1252 as unknown as string)).toBe(
      "members.csv, line 3: the file is not UTF-8 (byte 0xE9); save it as UTF-8 (in Excel: CSV UTF-8) and run again.",
    );
    // The same names as UTF-8 bytes are read.
    expect(members(Buffer.from("name,limit\nalice,5\nJosé,5\n") as unknown as string).members.map((m) => m.name)).toEqual([
      "alice",
      "José",
    ]);
  });

  it("refuses a name or an email holding a mark that reorders text on screen (U+202E and the like)", () => {
    expect(failure("name\nalice\ninvoice\u202Egpj.exe\n")).toBe(
      'members.csv, line 3: the name "invoice\\u202egpj.exe" holds a mark that reorders text on screen (U+202E and the like), so it would not read as it is.',
    );
    for (const mark of ["\u200F", "\u2066", "\u061C", "\u202A"])
      expect(failure(`name\nab${mark}c\n`), mark).toMatch(/line 2: .*reorders text/);
    expect(failure("name,email\nalice,a\u202Eb@example.com\n")).toMatch(/line 2: .* is not an email address/);
  });

  it("refuses the same email twice (any case), naming both lines", () => {
    expect(failure("name,email\nalice,ann@example.com\nbob,\ncarol,ANN@example.com\n")).toBe(
      "members.csv, line 4: the email ANN@example.com is already on line 2; each member needs their own.",
    );
    expect(members("name,email\nalice,\nbob,\n").members).toHaveLength(2);
  });

  it("accepts names people have: spaces, commas, accents, CJK", () => {
    for (const name of ["Lee, Ann", "Zoë Ångström", "王芳", "o'brien", "dev-team_2"]) expect(unsafeName(name), name).toBeNull();
  });
});
