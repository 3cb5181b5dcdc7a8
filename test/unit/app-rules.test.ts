// The app's own validation rules, one table row per rule: a value the app keeps and one it
// rejects (error) or drops (warning), judged on a given day (the deprecation cut-offs depend on it).
import { describe, expect, it } from "vitest";
import { labelProblem, modelNameProblem, type FindingCode, type Severity } from "../../src/config/app-rules.js";
import { egressEntryProblem, normaliseEgressInput } from "../../src/config/egress-rules.js";
import { judgeEntry } from "../../src/config/entry-judge.js";
import { parseEgress } from "../../src/config/egress.js";
import { format } from "../../src/i18n/catalogue.js";
import { en } from "../../src/i18n/en.js";
import { goodEntry } from "../helpers/doctor.js";
import { TEST_KEY } from "../helpers/fixtures.js";

const NOW = new Date("2026-11-30T12:00:00Z");
const BEFORE_OCTOBER_CUTOFF = new Date("2026-09-20T12:00:00Z");
const BEFORE_NOVEMBER_CUTOFF = new Date("2026-11-10T12:00:00Z");

const GOOD = goodEntry();

const row = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  inputPerMtok: 3,
  outputPerMtok: 15,
  cacheReadPerMtok: 0.3,
  cacheWritePerMtok: 3.75,
  ...over,
});
const models = (...list: unknown[]) => ({ inferenceModels: list });

type Case = [
  rule: string,
  passes: Record<string, unknown>,
  fails: Record<string, unknown>,
  code: FindingCode,
  severity: Severity,
  now?: Date,
];

const CASES: Case[] = [
  ["provider is a case-sensitive enum", { inferenceProvider: "gateway" }, { inferenceProvider: "Gateway" }, "provider.invalid", "error"],
  [
    "base URL: http only on loopback",
    { inferenceGatewayBaseUrl: "http://127.0.0.1:8080/api" },
    { inferenceGatewayBaseUrl: "http://10.0.0.2/api" },
    "baseUrl.scheme",
    "error",
  ],
  [
    "base URL: http on localhost and [::1]",
    { inferenceGatewayBaseUrl: "http://localhost:9/api" },
    { inferenceGatewayBaseUrl: "http://127.0.0.2/api" },
    "baseUrl.scheme",
    "error",
  ],
  [
    "base URL: https added without a scheme",
    { inferenceGatewayBaseUrl: "openrouter.ai/api" },
    { inferenceGatewayBaseUrl: "ftp://openrouter.ai/api" },
    "baseUrl.scheme",
    "error",
  ],
  [
    "base URL: no user:password",
    { inferenceGatewayBaseUrl: "https://openrouter.ai/api" },
    { inferenceGatewayBaseUrl: "https://me:pw@openrouter.ai/api" },
    "baseUrl.credentials",
    "error",
  ],
  [
    "base URL: no backslash in the authority",
    { inferenceGatewayBaseUrl: "https://[::1]/api" },
    { inferenceGatewayBaseUrl: "https://openrouter.ai\\@evil.test/api" },
    "baseUrl.credentials",
    "error",
  ],
  [
    "base URL: no secret-looking authority",
    { inferenceGatewayBaseUrl: "https://gateway.example.com/api" },
    { inferenceGatewayBaseUrl: `https://${TEST_KEY}.example.com/api` },
    "baseUrl.secret",
    "error",
  ],
  [
    "base URL: no /v1 (the app adds it)",
    { inferenceGatewayBaseUrl: "https://openrouter.ai/api" },
    { inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1" },
    "baseUrl.v1",
    "error",
  ],
  [
    "base URL: no trailing slash",
    { inferenceGatewayBaseUrl: "https://openrouter.ai/api" },
    { inferenceGatewayBaseUrl: "https://openrouter.ai/api/" },
    "baseUrl.slash",
    "error",
  ],
  [
    "auth scheme: lower-case only",
    { inferenceGatewayAuthScheme: "x-api-key" },
    { inferenceGatewayAuthScheme: "Bearer" },
    "authScheme.invalid",
    "error",
  ],
  [
    "auth scheme auto: deprecated before 2026-10-07",
    { inferenceGatewayAuthScheme: "bearer" },
    { inferenceGatewayAuthScheme: "auto" },
    "authScheme.deprecated",
    "warn",
    BEFORE_OCTOBER_CUTOFF,
  ],
  [
    "auth scheme auto: rejected after 2026-10-07",
    { inferenceGatewayAuthScheme: "bearer" },
    { inferenceGatewayAuthScheme: "auto" },
    "authScheme.retired",
    "error",
  ],
  [
    "auth scheme sso signs in instead of sending the key",
    { inferenceGatewayAuthScheme: "bearer" },
    { inferenceGatewayAuthScheme: "sso" },
    "authScheme.sso",
    "error",
  ],
  [
    "credential kind is an enum",
    { inferenceCredentialKind: "helper-script" },
    { inferenceCredentialKind: "oauth2" },
    "credentialKind.invalid",
    "error",
  ],
  [
    "credential kind the gateway accepts",
    { inferenceCredentialKind: "external-idp" },
    { inferenceCredentialKind: "vendor-profile" },
    "credentialKind.notGateway",
    "error",
  ],
  ["static needs a key", { inferenceGatewayApiKey: TEST_KEY }, { inferenceGatewayApiKey: "" }, "credentialKind.noKey", "error"],
  [
    "a key and a helper need a credential kind",
    { inferenceCredentialHelper: "/opt/key.sh" },
    { inferenceCredentialKind: undefined, inferenceCredentialHelper: "/opt/key.sh" },
    "credentials.multiple",
    "warn",
  ],
  [
    "headers: an object of strings",
    { inferenceCustomHeaders: { "X-A": "b" } },
    { inferenceCustomHeaders: { "X-A": 1 } },
    "headers.value",
    "error",
  ],
  ["headers: not a list or a number", { inferenceCustomHeaders: '{"X-A":"b"}' }, { inferenceCustomHeaders: 5 }, "headers.invalid", "error"],
  [
    "headers: old forms deprecated before 2026-10-07",
    { inferenceCustomHeaders: { "X-A": "b" } },
    { inferenceCustomHeaders: "X-A=b" },
    "headers.oldForm",
    "warn",
    BEFORE_OCTOBER_CUTOFF,
  ],
  [
    "headers: old forms send nothing after 2026-10-07",
    { inferenceCustomHeaders: { "X-A": "b" } },
    { inferenceCustomHeaders: ["X-A: b"] },
    "headers.oldFormRetired",
    "error",
  ],
  [
    "headers: token names",
    { inferenceCustomHeaders: { "HTTP-Referer": "https://x.test" } },
    { inferenceCustomHeaders: { "Bad Name": "x" } },
    "headers.name",
    "warn",
  ],
  [
    "headers: no routing headers",
    { inferenceCustomHeaders: { "X-OpenRouter-Title": "Claude Desktop" } },
    { inferenceCustomHeaders: { "X-Forwarded-For": "1.2.3.4" } },
    "headers.routing",
    "warn",
  ],
  [
    "headers: no credentials",
    { inferenceCustomHeaders: { "X-Team": "a" } },
    { inferenceCustomHeaders: { "X-Team": `Bearer ${TEST_KEY}` } },
    "headers.credential",
    "warn",
  ],
  [
    "headers: printable ASCII values",
    { inferenceCustomHeaders: { "X-Team": "Cafe" } },
    { inferenceCustomHeaders: { "X-Team": "Café" } },
    "headers.nonPrintable",
    "warn",
  ],
  [
    "headers: at most 1024 characters",
    { inferenceCustomHeaders: { "X-A": "b".repeat(1000) } },
    { inferenceCustomHeaders: { "X-A": "b".repeat(1100) } },
    "headers.tooLong",
    "warn",
  ],
  ["models: a list", models("anthropic/claude-haiku-4.5"), { inferenceModels: "anthropic/claude-haiku-4.5" }, "models.invalid", "error"],
  ["models: at least one", models({ name: "anthropic/claude-haiku-4.5" }), models(), "models.empty", "error"],
  ["models: each has a name", models({ name: "claude-haiku-4-5" }), models({ labelOverride: "Haiku" }), "models.entry", "error"],
  [
    "models: known fields only",
    models({ name: "anthropic/claude-haiku-4.5", minDesktopVersion: "2.1" }),
    models({ name: "anthropic/claude-haiku-4.5", label: "Haiku" }),
    "models.unknownField",
    "warn",
  ],
  [
    "models: known tiers (lower-cased first)",
    models({ name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "Haiku" }),
    models({ name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haku" }),
    "models.tier",
    "warn",
  ],
  [
    "models: maxEffort or a silent cap at low",
    models({ name: "anthropic/claude-opus-4.1", maxEffort: "xhigh" }),
    models({ name: "anthropic/claude-opus-4.1", maxEffort: "ultra" }),
    "models.maxEffort",
    "warn",
  ],
  [
    "models: labels up to 64 characters",
    models({ name: "anthropic/claude-opus-4.1", labelOverride: "é".repeat(64) }),
    models({ name: "anthropic/claude-opus-4.1", labelOverride: "é".repeat(65) }),
    "models.label",
    "warn",
  ],
  [
    "models: a non-Claude name is removed",
    models("anthropic/claude-sonnet-4.6:thinking", "~anthropic/claude-opus-latest", "sonnet"),
    models("anthropic/claude-sonnet-4.6", "openai/gpt-4o"),
    "models.removed",
    "warn",
  ],
  [
    "models: all removed leaves an empty picker",
    models("anthropic/claude-sonnet-4.6"),
    models("openrouter/auto", "google/gemini-2.5-pro"),
    "models.allRemoved",
    "error",
  ],
  [
    "models: the Code tab needs ASCII without spaces",
    models("anthropic/claude-sonnet-4.6"),
    models("anthropic/claude sonnet"),
    "models.codeName",
    "warn",
  ],
  [
    "discovery off needs full ids",
    { modelDiscoveryEnabled: false },
    { modelDiscoveryEnabled: false, inferenceModels: ["sonnet"] },
    "discovery.needsList",
    "error",
  ],
  [
    "discovery off needs a list",
    { modelDiscoveryEnabled: "false" },
    { modelDiscoveryEnabled: "0", inferenceModels: undefined },
    "discovery.needsList",
    "error",
  ],
  ["booleans: true/false/1/0 only", { modelDiscoveryEnabled: 1 }, { modelDiscoveryEnabled: "no" }, "boolean.invalid", "error"],
  [
    "pricing: a list of rows",
    { inferenceModelPricingEnabled: true, inferenceModelPricing: [row("a")] },
    { inferenceModelPricingEnabled: true, inferenceModelPricing: { a: 1 } },
    "pricing.invalid",
    "error",
  ],
  [
    "pricing: all five fields",
    { inferenceModelPricingEnabled: "true", inferenceModelPricing: JSON.stringify([row("a")]) },
    { inferenceModelPricingEnabled: true, inferenceModelPricing: [row("a", { cacheWritePerMtok: undefined })] },
    "pricing.row",
    "error",
  ],
  [
    "pricing: 0–10000 per million",
    { inferenceModelPricingEnabled: true, inferenceModelPricing: [row("a", { inputPerMtok: 0, outputPerMtok: 10000 })] },
    { inferenceModelPricingEnabled: true, inferenceModelPricing: [row("a", { outputPerMtok: 10001 })] },
    "pricing.row",
    "error",
  ],
  [
    "pricing: numbers, not text",
    { inferenceModelPricingEnabled: true, inferenceModelPricing: [row("a")] },
    { inferenceModelPricingEnabled: true, inferenceModelPricing: [row("a", { inputPerMtok: "3" })] },
    "pricing.row",
    "error",
  ],
  [
    "pricing: needs the switch",
    { inferenceModelPricingEnabled: 1, inferenceModelPricing: [row("a")] },
    { inferenceModelPricing: [row("a")] },
    "pricing.notEnabled",
    "warn",
  ],
  [
    "pricing multiplier: above 0, at most 1",
    { inferenceModelPricingMultiplier: 1 },
    { inferenceModelPricingMultiplier: 0 },
    "pricing.multiplier",
    "error",
  ],
  ["egress: a list", { coworkEgressAllowedHosts: '["github.com"]' }, { coworkEgressAllowedHosts: "github.com" }, "egress.invalid", "error"],
  [
    "egress: an entry dropped on its own",
    { coworkEgressAllowedHosts: ["github.com:443", "localhost", "*", "10.0.0.1"] },
    { coworkEgressAllowedHosts: ["github.com", "com"] },
    "egress.dropped",
    "warn",
  ],
  [
    "display name: 1–60 characters",
    { deploymentDisplayName: "🙂".repeat(60) },
    { deploymentDisplayName: "x".repeat(61) },
    "displayName.invalid",
    "error",
  ],
  ["display name: not blank", { deploymentDisplayName: " OpenRouter " }, { deploymentDisplayName: "   " }, "displayName.invalid", "error"],
  [
    "sign-in chooser: an unreadable value reads as true",
    { disableDeploymentModeChooser: "1" },
    { disableDeploymentModeChooser: "yes" },
    "chooser.unreadable",
    "warn",
  ],
  [
    "deprecated key before its cut-off",
    { isDesktopExtensionEnabled: true },
    { isDxtEnabled: true },
    "key.deprecated",
    "warn",
    BEFORE_OCTOBER_CUTOFF,
  ],
  ["deprecated key after its cut-off", { endUserAttribution: "x" }, { enduserAttribution: "x" }, "key.retired", "error"],
  ["the 2026-11 batch before 2026-11-17", {}, { allowOptionalClientAuth: true }, "key.deprecated", "warn", BEFORE_NOVEMBER_CUTOFF],
  ["the 2026-11 batch after 2026-11-17", {}, { allowOptionalClientAuth: true }, "key.retired", "error"],
  [
    "tool policy ask-session retired",
    { builtinToolPolicy: { Bash: "ask" } },
    { builtinToolPolicy: { Bash: "ask-session" } },
    "toolPolicy.retired",
    "error",
  ],
];

function judge(patch: Record<string, unknown>, now: Date) {
  const entry: Record<string, unknown> = { ...GOOD, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete entry[key];
  return judgeEntry(entry, now);
}

describe("the app's rules, judged on an entry", () => {
  it("finds nothing wrong with the entry this tool writes", () => {
    expect(judgeEntry(GOOD, NOW)).toEqual([]);
  });
  for (const [rule, passes, fails, code, severity, now = NOW] of CASES) {
    it(`${rule}: ${severity} ${code}`, () => {
      expect(judge(passes, now).map((f) => f.code)).not.toContain(code);
      const found = judge(fails, now).filter((f) => f.code === code);
      expect(found, JSON.stringify(judge(fails, now))).toHaveLength(1);
      expect(found[0]?.severity).toBe(severity);
    });
  }
  it("reads header names and values in any case, as patterns with the i flag would", () => {
    // The rules as the app states them, case-insensitive; the judge lowers ASCII letters instead.
    const routing = /^(host|forwarded|x-forwarded-.*|content-length|proxy-.*|connection|keep-alive|transfer-encoding|te|trailer|upgrade)$/i;
    const credentialName = /^(authorization|cookie|x-api-key|api-key)$|token|secret|password|api[-_]?key/i;
    const credentialValue = /^(bearer|basic)\s|sk-or-|sk-ant-|^eyJ[A-Za-z0-9_-]+\./i;
    const names = [
      "HOST",
      "Host",
      "x-FORWARDED-for",
      "Proxy-Authorization",
      "TE",
      "AUTHORIZATION",
      "X-Api-Key",
      "My-Secret",
      "X-Team",
      "X-Title",
    ];
    const values = [
      "BEARER abc",
      "Basic x",
      "SK-OR-v1-x",
      "prefix sk-ANT-x",
      "EYJhbGci.x",
      "eyj-.x",
      "\u212a-or-x",
      "S\u212a-or-",
      "plain",
    ];
    for (const name of names)
      for (const value of values) {
        const codes = judge({ inferenceCustomHeaders: { [name]: value } }, NOW).map((f) => f.code);
        const expected = routing.test(name)
          ? "headers.routing"
          : credentialName.test(name) || credentialValue.test(value)
            ? "headers.credential"
            : null;
        for (const code of ["headers.routing", "headers.credential"] as const)
          expect(codes.includes(code), `${name}: ${value} → ${code}`).toBe(code === expected);
      }
  });
  it("has a message and a fix for every finding, in both languages", async () => {
    const { zhCN } = await import("../../src/i18n/zh-CN.js");
    for (const [, , fails, code, , now = NOW] of CASES) {
      for (const finding of judge(fails, now)) {
        expect(en[`rules.${finding.code}`]).toBeTruthy();
        expect(format(en[`rules.${finding.code}`], finding.params)).not.toMatch(/\{\w+\}/);
        expect(zhCN[`rules.fix.${code}`]).toBeTruthy();
      }
    }
  });
});

describe("what setup and export accept", () => {
  const t = (key: keyof typeof en, params?: Record<string, string | number>) => format(en[key], params);

  it.each([
    ["OpenRouter", null],
    ["  Work  ", null],
    ["é".repeat(60), null],
    // 40 characters, 80 UTF-16 units: counted as people count them.
    ["🙂".repeat(40), null],
    ["", "empty"],
    ["   ", "empty"],
    ["x".repeat(61), "tooLong"],
    ["a\nb", "control"],
    ["\u001b[31mred", "control"],
    ["abc\u202edcba", "control"],
    ["x\u2066y", "control"],
  ])("name %j → %s", (name, problem) => {
    expect(labelProblem(name)).toBe(problem);
  });

  it.each([
    ["anthropic/claude-sonnet-4.6", null],
    ["claude-haiku-4-5", null],
    ["anthropic/claude-sonnet-4.6:thinking", null],
    ["~anthropic/claude-sonnet-latest", null],
    ["openai/gpt-4o", "notClaude"],
    ["openrouter/auto", "notClaude"],
    ["anthropic/claude-vs-gpt", "notClaude"],
    ["anthropic/claude sonnet", "notAscii"],
    ["anthropic/claudé-sonnet", "notAscii"],
    [`anthropic/claude-${"x".repeat(500)}`, "notAscii"],
    ["", "empty"],
  ])("model %j → %s", (name, problem) => {
    expect(modelNameProblem(name)).toBe(problem);
  });

  it.each([
    ["*", null],
    ["localhost", null],
    ["localhost:3000", null],
    ["github.com", null],
    ["*.github.com", null],
    ["github.com:443", null],
    ["*.corp.example.com:8443", null],
    ["10.0.0.1", null],
    ["my_host.internal", null],
    ["com", "noDot"],
    ["0", "noDot"],
    ["999.999.999.999", "ipv4"],
    ["1.2.3", "ipv4"],
    ["*.10.0.0.1", "ipv4"],
    ["https://github.com", "scheme"],
    ["github.com/org", "path"],
    ["[::1]", "ipv6"],
    ["fe80::1", "ipv6"],
    ["*.*.github.com", "wildcard"],
    ["git*.com", "wildcard"],
    ["github.com:0", "port"],
    ["github.com:65536", "port"],
    ["*:443", "port"],
    ["münchen.de", "chars"],
    ["a..b", "chars"],
  ])("egress entry %j → %s", (entry, problem) => {
    expect(egressEntryProblem(entry)).toBe(problem);
  });

  it("turns an international name into punycode before judging it", () => {
    expect(normaliseEgressInput("MÜNCHEN.de")).toBe("xn--mnchen-3ya.de");
    expect(normaliseEgressInput(" *.münchen.de:8443 ")).toBe("*.xn--mnchen-3ya.de:8443");
    expect(parseEgress(["münchen.de,GitHub.com"], t).hosts).toEqual(["xn--mnchen-3ya.de", "github.com"]);
    expect(() => parseEgress(["com"], t)).toThrow();
    expect(() => parseEgress(["999.999.999.999"], t)).toThrow();
  });
});
