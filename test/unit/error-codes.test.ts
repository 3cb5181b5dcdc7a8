// The stable error codes are a closed list: a misspelt code does not compile (the expected
// type errors below make `tsc` fail if the type ever widens back to string), and docs/json.md
// lists exactly the codes the type allows.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../src/core/error-codes.js";
import { CliError } from "../../src/core/errors.js";

/** The codes in the first column of the table under "## Errors" in docs/json.md. */
function documentedCodes(): string[] {
  const text = readFileSync(new URL("../../docs/json.md", import.meta.url), "utf8");
  const section = text.slice(text.indexOf("\n## Errors\n"), text.indexOf("\n## ", text.indexOf("\n## Errors\n") + 1));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe("error codes", () => {
  it("docs/json.md lists every code of the type, and no other", () => {
    const documented = documentedCodes();
    expect([...documented].sort()).toEqual([...new Set(ERROR_CODES)].sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("a misspelt code, or a template code with an unknown part, is a compile error", () => {
    // @ts-expect-error "key.mising" is not a stable code
    const misspelt = new CliError({ code: "key.mising", message: "error.keyMissing" });
    const lint = (part: string): ErrorCode => {
      // @ts-expect-error a lint code is built from the lint problems, not from any string
      return `export.lint.${part}`;
    };
    expect(misspelt.code).toBe("key.mising");
    expect(lint("x")).toBe("export.lint.x");
    const network: ErrorCode = "network.refused";
    expect(ERROR_CODES).toContain(network);
  });
});
