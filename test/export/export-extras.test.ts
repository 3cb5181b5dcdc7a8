// export writes the same richer entry as setup: in a .mobileconfig and a .reg every value is a
// string (objects and lists one JSON string, booleans "true"/"false"); the Linux file keeps
// native JSON. Each extra has its off switch, and an export hides the Claude.ai sign-in by default.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { pythonPath } from "../helpers/managed.js";
import { parseReg } from "../helpers/reg.js";
import { useSandboxes, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const newSandbox = useSandboxes();
const box = (): Sandbox => newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
const MODELS = ["--models", "anthropic/claude-sonnet-4.5,anthropic/claude-opus-4.1"];

const PRICING = [
  { name: "anthropic/claude-sonnet-4.5", inputPerMtok: 3, outputPerMtok: 15, cacheReadPerMtok: 0.3, cacheWritePerMtok: 3.75 },
  { name: "anthropic/claude-opus-4.1", inputPerMtok: 15, outputPerMtok: 75, cacheReadPerMtok: 1.5, cacheWritePerMtok: 15 },
];
const HEADERS = { "HTTP-Referer": "https://www.npmjs.com/package/claude-desktop-openrouter", "X-OpenRouter-Title": "Claude Desktop" };
const MODEL_ENTRIES = [
  {
    name: "anthropic/claude-sonnet-4.5",
    labelOverride: "Claude Sonnet 4.5",
    supports1m: true,
    anthropicFamilyTier: "sonnet",
    isFamilyDefault: true,
  },
  { name: "anthropic/claude-opus-4.1", labelOverride: "Claude Opus 4.1", anthropicFamilyTier: "opus" },
];

/** The payload's configuration values as plistlib reads them: [python type, value]. */
function payload(path: string): Record<string, [string, unknown]> {
  const script = `
import json, plistlib, sys
p = plistlib.load(open(sys.argv[1], "rb"))["PayloadContent"][0]
print(json.dumps({k: [type(v).__name__, v] for k, v in p.items() if not k.startswith("Payload")}))
`;
  return JSON.parse(execFileSync(pythonPath(), ["-c", script, path], { encoding: "utf8" }));
}

describe("export carries the richer entry", () => {
  it(".mobileconfig: pricing, models, headers as one JSON string each; booleans as strings", async () => {
    const sb = box();
    const out = join(sb.dir, "c.mobileconfig");
    const run = await runInProcess(["export", "--out", out, "--key-placeholder", ...MODELS], sb.env);
    expect(run.exitCode).toBe(0);
    const values = payload(out);
    for (const [key, [type]] of Object.entries(values)) expect(type, key).toBe("str");
    expect(values.inferenceModelPricingEnabled?.[1]).toBe("true");
    expect(values.modelDiscoveryEnabled?.[1]).toBe("false");
    expect(values.disableDeploymentModeChooser?.[1]).toBe("true");
    expect(JSON.parse(values.inferenceModelPricing?.[1] as string)).toEqual(PRICING);
    expect(JSON.parse(values.inferenceModels?.[1] as string)).toEqual(MODEL_ENTRIES);
    expect(JSON.parse(values.inferenceCustomHeaders?.[1] as string)).toEqual(HEADERS);
  });

  it(".reg: the same values, each a REG_SZ string of JSON", async () => {
    const sb = box();
    const out = join(sb.dir, "c.reg");
    expect((await runInProcess(["export", "--out", out, "--key-placeholder", ...MODELS], sb.env)).exitCode).toBe(0);
    const values = parseReg(readFileSync(out)).values as Record<string, string>;
    expect(values.inferenceModelPricingEnabled).toBe("true");
    expect(values.disableDeploymentModeChooser).toBe("true");
    expect(JSON.parse(values.inferenceModelPricing!)).toEqual(PRICING);
    expect(JSON.parse(values.inferenceCustomHeaders!)).toEqual(HEADERS);
    expect(JSON.parse(values.inferenceModels!)).toEqual(MODEL_ENTRIES);
  });

  it("managed-settings.json: native JSON; --no-pricing, --no-attribution, --no-gateway-only leave those keys out", async () => {
    const sb = box();
    const all = await runInProcess(["export", "--format", "json", "--out", "-", "--key-placeholder", ...MODELS], sb.env);
    expect(JSON.parse(all.stdout)).toMatchObject({
      inferenceModels: MODEL_ENTRIES,
      modelDiscoveryEnabled: false,
      inferenceModelPricingEnabled: true,
      inferenceModelPricing: PRICING,
      inferenceCustomHeaders: HEADERS,
      disableDeploymentModeChooser: true,
    });
    const none = await runInProcess(
      ["export", "--format", "json", "--out", "-", "--key-placeholder", "--no-pricing", "--no-attribution", "--no-gateway-only", ...MODELS],
      sb.env,
    );
    const entry = JSON.parse(none.stdout) as Record<string, unknown>;
    for (const key of ["inferenceModelPricingEnabled", "inferenceModelPricing", "inferenceCustomHeaders", "disableDeploymentModeChooser"])
      expect(key in entry, key).toBe(false);
    expect(entry.inferenceModels).toEqual(MODEL_ENTRIES);
  });

  it("--discover-models writes no price rows and says so", async () => {
    const sb = box();
    const run = await runInProcess(["export", "--format", "json", "--out", "-", "--key-placeholder", "--discover-models"], sb.env);
    expect(run.exitCode).toBe(0);
    const entry = JSON.parse(run.stdout) as Record<string, unknown>;
    expect("inferenceModelPricing" in entry || "modelDiscoveryEnabled" in entry || "inferenceModels" in entry).toBe(false);
    expect(run.stderr).toContain("no cost estimates");
  });
});
