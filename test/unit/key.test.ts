import { describe, expect, it } from "vitest";
import { checkKeyShape, cleanKey, maskKey } from "../../src/openrouter/key.js";
import { maskJsonText } from "../../src/render/mask-text.js";
import { maskCredentials } from "../../src/core/credentials.js";
import { CliError } from "../../src/core/errors.js";
import { TEST_KEY } from "../helpers/fixtures.js";

function kindOf(key: string): string {
  try {
    return checkKeyShape(key);
  } catch (error) {
    return (error as CliError).messageKey;
  }
}

describe("API key input", () => {
  it("strips white space and quotes left by copy and paste", () => {
    expect(cleanKey(`  "${TEST_KEY}"\n`)).toBe(TEST_KEY);
    expect(cleanKey(`'${TEST_KEY}'`)).toBe(TEST_KEY);
    expect(cleanKey(`\t${TEST_KEY}\r\n`)).toBe(TEST_KEY);
  });

  it("accepts the usual OpenRouter shape, warns on other sk-or- shapes", () => {
    expect(kindOf(TEST_KEY)).toBe("ok");
    expect(kindOf("sk-or-v2-abcdef")).toBe("unusual");
    expect(kindOf(TEST_KEY.toUpperCase().replace("SK-OR-V1", "sk-or-v1"))).toBe("unusual");
  });

  it("names the kind of a wrong key before any request", () => {
    expect(kindOf("sk-ant-api03-abcdefghijklmnop")).toBe("error.keyAnthropic");
    expect(kindOf("sk-proj-abcdefghijklmnop")).toBe("error.keyOpenAI");
    expect(kindOf("sk-abcdefghijklmnop")).toBe("error.keyOpenAI");
    expect(kindOf("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-def_ghi")).toBe("error.keyJwt");
    expect(kindOf("hello")).toBe("error.keyUnknown");
    expect(kindOf("")).toBe("error.keyEmpty");
    expect(kindOf("sk-or-v1-abc def")).toBe("error.keyWhitespace");
  });

  it("wrong keys are usage errors (exit 2)", () => {
    expect(() => checkKeyShape("sk-ant-xyz")).toThrow(CliError);
    try {
      checkKeyShape("sk-ant-xyz");
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it("masks to the first 12 and last 4 characters", () => {
    expect(maskKey(TEST_KEY)).toBe("sk-or-v1-012...cdef");
    expect(maskKey("short")).toBe("*****");
  });

  it("masks every key in text shown to people", () => {
    const text = JSON.stringify({ inferenceGatewayApiKey: "weird-but-secret-value", other: `x ${TEST_KEY} y` }, null, 2);
    const masked = maskJsonText(text, TEST_KEY);
    expect(masked).not.toContain(TEST_KEY);
    expect(masked).not.toContain("weird-but-secret-value");
    expect(masked).toContain("sk-or-v1-012...cdef");
    const anthropic = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123";
    expect(maskCredentials(`key: ${anthropic}.`)).toBe("key: sk-ant-api03...0123.");
  });
});
