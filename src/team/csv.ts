// A small RFC 4180 reader for the members file: quoted fields (commas, quotes and line breaks
// inside), a UTF-8 byte-order mark, CRLF, LF or CR line ends. Spreadsheets saved in some locales
// separate with semicolons or tabs: the header line decides. Every record knows the line it
// started on, so a bad row is named by its line.

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export type CsvProblem = "unterminated-quote" | "quote-in-field" | "after-quote";

export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly problem: CsvProblem,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = "CsvError";
  }
}

/** The separator of the header line: a comma unless it has none and has a semicolon or a tab. */
function separatorOf(text: string): string {
  const header = /^[^\r\n]*/.exec(text)?.[0] ?? "";
  const unquoted = header.replace(/"[^"]*"/g, "");
  if (unquoted.includes(",")) return ",";
  if (unquoted.includes(";")) return ";";
  if (unquoted.includes("\t")) return "\t";
  return ",";
}

/** Parses the whole text; blank lines are skipped. Throws CsvError naming the line. */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const separator = separatorOf(text);
  const records: CsvRecord[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = "";
  // start: at the beginning of a field; plain: inside an unquoted field; quoted: inside quotes;
  // closed: just after a closing quote.
  let state: "start" | "plain" | "quoted" | "closed" = "start";
  let quoteLine = 1;

  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    state = "start";
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const newline = ch === "\n" || ch === "\r";
    if (state === "quoted") {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          state = "closed";
        }
        continue;
      }
      if (newline) {
        if (ch === "\r" && text[i + 1] === "\n") {
          field += "\r\n";
          i++;
        } else field += ch;
        line++;
        continue;
      }
      field += ch;
      continue;
    }
    if (newline) {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    if (ch === separator) {
      fields.push(field);
      field = "";
      state = "start";
      continue;
    }
    if (state === "closed") {
      // Spaces between a closing quote and the separator are harmless; anything else is not.
      if (ch === " " || ch === "\t") continue;
      throw new CsvError(line, "after-quote");
    }
    if (ch === '"') {
      // A quote opens a field only at its start (spaces before it allowed); elsewhere it is an error.
      if (state === "start" || (state === "plain" && field.trim() === "")) {
        field = "";
        state = "quoted";
        quoteLine = line;
        continue;
      }
      throw new CsvError(line, "quote-in-field");
    }
    field += ch;
    state = "plain";
  }
  if (state === "quoted") throw new CsvError(quoteLine, "unterminated-quote");
  if (state !== "start" || fields.length > 0 || field !== "") endRecord();
  return records;
}
