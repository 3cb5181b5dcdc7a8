import { describe, expect, it } from "vitest";
import { parseModels, parseKeyInfo } from "../../src/openrouter/api.js";
import { proposeModels, suggestModel, tierOf, toModelEntries } from "../../src/openrouter/models.js";
import { gatewayAcceptsModelName } from "../../src/config/app-rules.js";
import { fixture } from "../helpers/fixtures.js";

describe("OpenRouter models", () => {
  const models = parseModels(fixture("models.openrouter.json"));

  it("parses the catalogue with prices per million tokens", () => {
    const sonnet = models.find((m) => m.id === "anthropic/claude-sonnet-4.5");
    expect(sonnet).toMatchObject({
      name: "Anthropic: Claude Sonnet 4.5",
      contextLength: 1000000,
      promptPerMillion: 3,
      completionPerMillion: 15,
    });
  });

  it("also reads the Anthropic list shape", () => {
    const list = parseModels(fixture("models.anthropic-shape.json"));
    expect(list.map((m) => m.id)).toContain("anthropic/claude-sonnet-4.5");
    expect(list[0]?.name).toBe("Anthropic: Claude Sonnet 4.5");
  });

  it("drops malformed entries instead of failing", () => {
    expect(parseModels({ data: [{ id: 3 }, { id: "anthropic/claude-x-1" }, null] }).map((m) => m.id)).toEqual(["anthropic/claude-x-1"]);
    expect(() => parseModels({ nope: 1 })).toThrow();
  });

  it("proposes the newest Sonnet (default), Opus and Haiku, skipping variants and retiring models", () => {
    expect(proposeModels(models)).toEqual(["anthropic/claude-sonnet-4.5", "anthropic/claude-opus-4.1", "anthropic/claude-haiku-4.5"]);
  });

  it("knows which ids Claude Desktop accepts", () => {
    expect(gatewayAcceptsModelName("anthropic/claude-sonnet-4.5")).toBe(true);
    expect(gatewayAcceptsModelName("claude-sonnet-4-5")).toBe(true);
    expect(gatewayAcceptsModelName("anthropic/claude-3.7-sonnet:thinking")).toBe(true);
    expect(gatewayAcceptsModelName("~anthropic/claude-opus-latest")).toBe(true);
    expect(gatewayAcceptsModelName("openai/gpt-4o")).toBe(false);
    expect(tierOf("anthropic/claude-3.7-sonnet")).toBe("sonnet");
    expect(tierOf("anthropic/claude-opus-4.1")).toBe("opus");
    expect(tierOf("anthropic/claude-2")).toBeUndefined();
  });

  it("writes the object form: default first with isFamilyDefault, one default per tier", () => {
    expect(
      toModelEntries([
        "anthropic/claude-sonnet-4.5",
        "anthropic/claude-opus-4.5",
        "anthropic/claude-opus-4.1",
        "anthropic/claude-3.7-sonnet",
      ]),
    ).toEqual([
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      { name: "anthropic/claude-opus-4.5", anthropicFamilyTier: "opus", isFamilyDefault: true },
      { name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus" },
      { name: "anthropic/claude-3.7-sonnet", anthropicFamilyTier: "sonnet" },
    ]);
  });

  it("parses every /key shape leniently", () => {
    expect(parseKeyInfo(fixture("key.ok.capped.json"))).toMatchObject({
      label: "sk-or-v1-0e6...1c96",
      limit: 100,
      limitRemaining: 74.5,
      isFreeTier: false,
      isManagementKey: false,
    });
    expect(parseKeyInfo(fixture("key.ok.legacy-minimal.json"))).toMatchObject({ limit: 5, expiresAt: null, isManagementKey: false });
    expect(parseKeyInfo(fixture("key.ok.management.json")).isManagementKey).toBe(true);
    expect(parseKeyInfo({ data: { limit: "lots", usage: null, extra: { a: 1 } } })).toMatchObject({ limit: null, usage: null });
    expect(() => parseKeyInfo({})).toThrow();
  });
});

describe("did you mean", () => {
  const base = parseModels(fixture("models.openrouter.json"));
  const sonnet46 = { ...base.find((m) => m.id === "anthropic/claude-sonnet-4.5")!, id: "anthropic/claude-sonnet-4.6", created: 1771000000 };
  const models = [...base, sonnet46];

  it("an id without its vendor prefix, or without claude-, is the offered id", () => {
    expect(suggestModel("claude-sonnet-4.6", models)).toBe("anthropic/claude-sonnet-4.6");
    expect(suggestModel("sonnet-4.6", models)).toBe("anthropic/claude-sonnet-4.6");
    expect(suggestModel("Claude-Haiku-4.5", models)).toBe("anthropic/claude-haiku-4.5");
  });

  it("a typo is the closest offered id; something unlike any model is no suggestion", () => {
    expect(suggestModel("anthropic/claude-sonet-4.6", models)).toBe("anthropic/claude-sonnet-4.6");
    expect(suggestModel("anthropic/claude-opus-41", models)).toBe("anthropic/claude-opus-4.1");
    expect(suggestModel("openai/gpt-4o", models)).toBeNull();
    expect(suggestModel("", models)).toBeNull();
  });

  it("only models Claude Desktop can use are suggested (no :thinking variant)", () => {
    const onlyVariant = models.filter((m) => m.id !== "anthropic/claude-3.7-sonnet");
    expect(suggestModel("anthropic/claude-3.7-sonnet:thinking", onlyVariant)).toBeNull();
  });
});
