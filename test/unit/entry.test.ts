import { describe, expect, it } from "vitest";
import { buildEntry, buildMeta, ENTRY_ID, APPLIED_ID_PATTERN, OWNED_KEYS } from "../../src/config/entry.js";
import { parseEgress, validHost, DEV_HOSTS } from "../../src/config/egress.js";
import { en } from "../../src/i18n/en.js";
import { format } from "../../src/i18n/catalogue.js";

const t = (key: keyof typeof en, params?: Record<string, string | number>) => format(en[key], params);
import { TEST_KEY } from "../helpers/fixtures.js";

const settings = {
  apiKey: TEST_KEY,
  baseUrl: "https://openrouter.ai/api",
  models: [{ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet" as const, isFamilyDefault: true as const }],
  egressHosts: ["github.com"],
};

describe("the tool's entry", () => {
  it("uses a fixed lowercase UUID the app accepts", () => {
    expect(ENTRY_ID).toMatch(APPLIED_ID_PATTERN);
    expect(ENTRY_ID).toBe(ENTRY_ID.toLowerCase());
  });

  it("holds exactly the gateway keys setup owns (docs/how-it-works.md#what-setup-writes)", () => {
    const entry = buildEntry(undefined, settings);
    expect(entry).toEqual({
      inferenceProvider: "gateway",
      inferenceCredentialKind: "static",
      inferenceGatewayBaseUrl: "https://openrouter.ai/api",
      inferenceGatewayApiKey: TEST_KEY,
      inferenceGatewayAuthScheme: "bearer",
      deploymentDisplayName: "OpenRouter",
      coworkEgressAllowedHosts: ["github.com"],
      inferenceModels: settings.models,
      modelDiscoveryEnabled: false,
    });
    expect(Object.keys(entry).every((k) => (OWNED_KEYS as readonly string[]).includes(k))).toBe(true);
  });

  it("keeps keys it does not own, and their order; adds hosts to the ones present", () => {
    const existing = {
      chatTabEnabled: true,
      coworkEgressAllowedHosts: ["corp.example.com", "github.com"],
      inferenceGatewayApiKey: "old",
      modelPrefer1mContext: false,
    };
    const entry = buildEntry(existing, settings);
    expect(Object.keys(entry).slice(0, 4)).toEqual([
      "chatTabEnabled",
      "coworkEgressAllowedHosts",
      "inferenceGatewayApiKey",
      "modelPrefer1mContext",
    ]);
    expect(entry.chatTabEnabled).toBe(true);
    expect(entry.modelPrefer1mContext).toBe(false);
    expect(entry.coworkEgressAllowedHosts).toEqual(["corp.example.com", "github.com"]);
    expect(entry.inferenceGatewayApiKey).toBe(TEST_KEY);
  });

  it("drops its model list when discovery is chosen", () => {
    const entry = buildEntry({ inferenceModels: ["x"] }, { ...settings, models: null });
    expect("inferenceModels" in entry).toBe(false);
  });

  it("adds or renames its own row in _meta.json and keeps every other row", () => {
    const meta = buildMeta(
      {
        appliedId: "00000000-0000-4000-8000-000000157210",
        entries: [{ id: "00000000-0000-4000-8000-000000157210", name: "CC Switch" }],
        extra: 1,
      },
      "OpenRouter",
    );
    expect(meta).toEqual({
      appliedId: ENTRY_ID,
      entries: [
        { id: "00000000-0000-4000-8000-000000157210", name: "CC Switch" },
        { id: ENTRY_ID, name: "OpenRouter" },
      ],
      extra: 1,
    });
    const renamed = buildMeta(meta, "Work");
    expect((renamed.entries as { name: string }[])[1]?.name).toBe("Work");
    expect((renamed.entries as unknown[]).length).toBe(2);
    expect(Object.keys(buildMeta({}, "OpenRouter"))).toEqual(["appliedId", "entries"]);
  });
});

describe("egress hosts", () => {
  it("defaults to the dev preset", () => {
    expect(parseEgress([], t).hosts).toEqual([...DEV_HOSTS]);
    expect(DEV_HOSTS).toContain("github.com");
    expect(DEV_HOSTS).toContain("registry.npmjs.org");
    expect(DEV_HOSTS).toContain("pypi.org");
  });

  it("combines repeated values and comma lists without duplicates", () => {
    expect(parseEgress(["none"], t).hosts).toEqual([]);
    expect(parseEgress(["github.com,Example.COM", "example.com"], t).hosts).toEqual(["github.com", "example.com"]);
    expect(parseEgress(["all"], t)).toEqual({ hosts: ["*"], allowAll: true });
  });

  it("rejects schemes, paths, bad ports and bare TLD wildcards", () => {
    for (const bad of ["https://github.com", "github.com/x", "github.com:0", "*.com", "exa mple.com", "com", "0", "999.999.999.999"]) {
      expect(validHost(bad), bad).toBe(false);
      expect(() => parseEgress([bad], t), bad).toThrow();
    }
    for (const good of ["github.com", "*.github.com", "localhost", "a-b.example.co.uk", "github.com:443", "10.0.0.1", "münchen.de"])
      expect(validHost(good), good).toBe(true);
  });
});
