// The stable error codes are a closed list: a misspelt code does not compile (the expected type
// errors at the end make `tsc` fail if the type ever widens back to string; that check is tsc's,
// not this file's), docs/json.md lists exactly the codes the type allows, and the list holds no
// code the tool can no longer raise.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../src/core/error-codes.js";
import { CliError } from "../../src/core/errors.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

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

  it("every code of the list is one the code can raise: written out in src/, or built from its template", () => {
    const sources = readdirSync(SRC, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts") && !name.endsWith("error-codes.ts"))
      .map((name) => readFileSync(join(SRC, name), "utf8"))
      .join("\n");
    const templates = [/^network\./, /^keychain\./, /^export\.lint\./];
    const unused = ERROR_CODES.filter(
      (code) => !templates.some((t) => t.test(code)) && ![`"${code}"`, `\`${code}\``].some((literal) => sources.includes(literal)),
    );
    expect(unused).toEqual([]);
  });
});

// Checked by tsc, never run: a misspelt code, or a template code with an unknown part, does not
// compile (the type must not widen back to string).
function compileTimeChecks(): ErrorCode[] {
  // @ts-expect-error "key.mising" is not a stable code
  const misspelt = new CliError({ code: "key.mising", message: "error.keyMissing" });
  const lint = (part: string): ErrorCode => {
    // @ts-expect-error a lint code is built from the lint problems, not from any string
    return `export.lint.${part}`;
  };
  return [misspelt.code, lint("x"), "network.refused"];
}
void compileTimeChecks;
