import { describe, expect, it } from "vitest";
import { JsonParseFailure, parseJsonObject, serializeJson, jsonEqual } from "../../src/config/json-file.js";

async function parse(text: string | Buffer) {
  return parseJsonObject("/x.json", Buffer.isBuffer(text) ? text : Buffer.from(text));
}

describe("reading JSON config files", () => {
  it("tolerates a BOM, CRLF and an empty file", async () => {
    expect(await parse('\uFEFF{\r\n  "a": 1\r\n}\r\n')).toEqual({ a: 1 });
    expect(await parse("")).toEqual({});
    expect(await parse("  \n")).toEqual({});
  });

  it("says where a broken file fails, by line and column", async () => {
    const failure = await parse('{\n  "a": 1,\n  "b": tru\n}');
    expect(failure).toBeInstanceOf(JsonParseFailure);
    expect(failure).toMatchObject({ problem: { line: 3, column: 8, reason: "bad-word" } });
    // The comma a person must remove, not the } the parser stopped at.
    const trailing = await parse('{\n  "a": 1,\n}\n');
    expect(trailing).toMatchObject({ problem: { line: 2, column: 9, reason: "trailing-comma" } });
    const truncated = await parse('{"a": [1, 2');
    expect(truncated).toBeInstanceOf(JsonParseFailure);
  });

  it("refuses JSON that is not an object", async () => {
    expect(await parse("[1,2]")).toMatchObject({ problem: { reason: "not-an-object", detail: { found: "array" } } });
    expect(await parse("null")).toBeInstanceOf(JsonParseFailure);
    expect(await parse('"text"')).toBeInstanceOf(JsonParseFailure);
  });

  it("refuses NUL bytes", async () => {
    expect(await parse(Buffer.from('{"a":1}\u0000'))).toBeInstanceOf(JsonParseFailure);
  });

  it("writes 2-space JSON with a final newline, keeping key order", () => {
    expect(serializeJson({ b: 1, a: [1] }).toString()).toBe('{\n  "b": 1,\n  "a": [\n    1\n  ]\n}\n');
  });

  it("compares structurally", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
