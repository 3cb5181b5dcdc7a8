// The five troubleshooting items at the end of OpenRouter's Claude Desktop guide, each reproduced
// and named by the right check with the right fix.
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture } from "../helpers/fixtures.js";
import { doctor, goodEntry, useMachines } from "../helpers/doctor.js";

const fake = useFakeOpenRouter();
const machine = useMachines();
const online = () => ({ CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

describe("the guide's troubleshooting items", () => {
  it("1. Connection errors: a base URL with /v1 is named by config.base-url, fixed by doctor --fix", async () => {
    const run = await doctor(
      machine("darwin", { entry: goodEntry({ inferenceGatewayBaseUrl: "https://openrouter.ai/api/v1" }) }),
      [],
      online(),
    );
    expect(run.check("config.base-url")).toMatchObject({
      status: "error",
      detail: expect.stringContaining("/v1/v1/messages"),
      fix: expect.stringContaining("doctor --fix"),
    });
    expect(run.exitCode).toBe(1);
  });

  it("2. No models appearing: an account without credits is named by openrouter.limit, fixed by adding credits", async () => {
    fake.routes = { ...fake.routes, "GET /api/v1/key": { body: fixture("key.ok.unlimited-free-tier.json") } };
    try {
      const run = await doctor(machine("linux"), [], online());
      expect(run.check("openrouter.limit")).toMatchObject({
        status: "warn",
        detail: expect.stringContaining("free tier"),
        fix: expect.stringContaining("https://openrouter.ai/settings/credits"),
      });
    } finally {
      fake.routes = { ...fake.routes, "GET /api/v1/key": { body: fixture("key.ok.capped.json") } };
    }
  });

  it('3. "Continue with Gateway" missing: deploymentMode still 1p is named by config.deployment-mode, fixed by doctor --fix', async () => {
    const run = await doctor(machine("win32", { deploymentMode: "1p" }), ["--offline"]);
    expect(run.check("config.deployment-mode")).toMatchObject({
      status: "error",
      detail: expect.stringContaining("Continue with Gateway"),
      fix: expect.stringContaining("doctor --fix"),
    });
    // …and an applied id that points at nothing is named by config.library.
    const dangling = await doctor(machine("win32", { meta: { appliedId: "11111111-2222-4333-8444-555555555555" } }), ["--offline"]);
    expect(dangling.check("config.library")).toMatchObject({ status: "error", fix: expect.stringContaining("setup") });
  });

  it("4. WebFetch blocked by egress: no egress hosts is named by config.egress, fixed with setup --egress dev", async () => {
    const run = await doctor(machine("linux", { entry: goodEntry({ coworkEgressAllowedHosts: undefined }) }), ["--offline"]);
    expect(run.check("config.egress")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("blocked by your network egress settings"),
      fix: expect.stringContaining("setup --egress dev"),
    });
  });

  it("5. Privacy: settings hiding every Claude model are named by openrouter.models, fixed on the privacy page", async () => {
    const nonClaude = {
      data: (fixture("models.openrouter.json") as { data: { id: string }[] }).data.filter((m) => !m.id.startsWith("anthropic/")),
    };
    fake.routes = { ...fake.routes, "GET /api/v1/models/user": { body: nonClaude } };
    try {
      const run = await doctor(machine("darwin"), [], online());
      expect(run.check("openrouter.models")).toMatchObject({
        status: "error",
        fix: expect.stringContaining("https://openrouter.ai/settings/privacy"),
      });
    } finally {
      fake.routes = { ...fake.routes, "GET /api/v1/models/user": { body: fixture("models.openrouter.json") } };
    }
  });
});
