// An independent reader for .reg files, written from the format, not from the encoder.
import { expect } from "vitest";

/** An independent .reg reader: BOM + UTF-16LE, CRLF, one key, "name"="value" with \\ and \" escapes. */
export function parseReg(bytes: Buffer): { header: string; key: string; values: Record<string, string | null>; comments: string[] } {
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  const text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  const lines = text.split("\r\n");
  const values: Record<string, string | null> = {};
  const comments: string[] = [];
  let key = "";
  const unquote = (s: string) => s.replace(/\\(.)/g, "$1");
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    if (line.startsWith(";")) comments.push(line);
    else if (line.startsWith("[")) key = line.slice(1, -1);
    else {
      const m = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|(-))$/.exec(line);
      if (!m) throw new Error(`bad .reg line: ${line}`);
      values[unquote(m[1]!)] = m[3] ? null : unquote(m[2]!);
    }
  }
  return { header: lines[0]!, key, values, comments };
}
