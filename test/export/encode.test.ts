// The .reg encoder read back by an independent parser, value encoding, and the export lint.
import { describe, expect, it } from "vitest";
import { buildReg, encodeManagedValues, regQuote, toManagedString } from "../../src/export/encode.js";
import { lintExport } from "../../src/export/lint.js";
import { parseReg } from "../helpers/reg.js";

describe(".reg files", () => {
  it("round-trips quotes, backslashes and non-ASCII text through UTF-16LE", () => {
    const input = {
      plain: "gateway",
      quotes: 'say "hi"',
      backslashes: "C:\\Program Files\\Claude\\",
      json: JSON.stringify([{ name: "anthropic/claude-sonnet-4.5", label: 'Sonnet "4.5"' }]),
      unicode: "Zürich – 北京 – 🚀",
      empty: "",
      'name with "quote"': "x",
    };
    const bytes = buildReg({ hive: "HKEY_LOCAL_MACHINE", comments: ["made by a test"], values: input });
    const parsed = parseReg(bytes);
    expect(parsed.header).toBe("Windows Registry Editor Version 5.00");
    expect(parsed.key).toBe("HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude");
    expect(parsed.values).toEqual(input);
    expect(parsed.comments).toEqual(["; made by a test"]);
    expect(bytes.subarray(2).toString("utf16le").endsWith("\r\n")).toBe(true);
  });

  it('writes deletions as "name"=- under HKCU for user scope', () => {
    const parsed = parseReg(buildReg({ hive: "HKEY_CURRENT_USER", comments: [], remove: ["inferenceProvider", "inferenceGatewayApiKey"] }));
    expect(parsed.key).toBe("HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude");
    expect(parsed.values).toEqual({ inferenceProvider: null, inferenceGatewayApiKey: null });
  });

  it("escapes backslash before quote and refuses line breaks", () => {
    expect(regQuote('a\\"b')).toBe('"a\\\\\\"b"');
    expect(() => regQuote("a\nb")).toThrow();
  });
});

describe("managed value encoding", () => {
  it("every value becomes a string: booleans, numbers, arrays and objects as minified JSON", () => {
    expect(toManagedString(true)).toBe("true");
    expect(toManagedString(false)).toBe("false");
    expect(toManagedString(24)).toBe("24");
    expect(toManagedString(["a", "b"])).toBe('["a","b"]');
    expect(toManagedString({ k: [1, { x: true }] })).toBe('{"k":[1,{"x":true}]}');
    expect(encodeManagedValues({ a: "s", b: [1], c: null })).toEqual({ a: "s", b: "[1]" });
  });
});

describe("export lint", () => {
  const good = {
    inferenceProvider: "gateway",
    inferenceGatewayBaseUrl: "https://openrouter.ai/api",
    inferenceGatewayApiKey: "sk-or-v1-abc",
    inferenceGatewayAuthScheme: "bearer",
    inferenceModels: [{ name: "anthropic/claude-sonnet-4.5" }, "claude-haiku-4-5"],
  };
  it("passes a good entry", () => {
    expect(lintExport(good, { placeholder: false })).toEqual([]);
  });
  it("refuses a placeholder unless the export is a placeholder export", () => {
    const entry = { ...good, inferenceGatewayApiKey: "sk-or-v1-REPLACE_ME" };
    expect(lintExport(entry, { placeholder: false }).map((p) => p.code)).toEqual(["placeholder"]);
    expect(lintExport(entry, { placeholder: true })).toEqual([]);
  });
  it("refuses non-Claude model ids, /v1 or non-https base URLs, and deprecated keys", () => {
    const codes = (entry: object) => lintExport(entry as never, { placeholder: false }).map((p) => p.code);
    expect(codes({ ...good, inferenceModels: [{ name: "openai/gpt-4o" }] })).toEqual(["model"]);
    expect(codes({ ...good, inferenceModels: ["anthropic/claude-sonnet-4.5:thinking"] })).toEqual([]);
    expect(codes({ ...good, inferenceModels: ["anthropic/claude-sonnet-4.5", "openai/gpt-4o"] })).toEqual(["model"]);
    expect(codes({ ...good, inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1" })).toEqual(["base-url"]);
    expect(codes({ ...good, inferenceGatewayBaseUrl: "http://127.0.0.1:8080/api" })).toEqual(["base-url"]);
    expect(codes({ ...good, inferenceGatewayBaseUrl: "https://openrouter.ai/api/" })).toEqual(["base-url"]);
    expect(codes({ ...good, inferenceGatewayHeaders: ["X: y"], isDxtEnabled: true })).toEqual(["deprecated", "deprecated"]);
    expect(codes({ ...good, inferenceGatewayAuthScheme: "auto" })).toEqual(["deprecated"]);
  });
});
