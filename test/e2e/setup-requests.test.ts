// setup asks OpenRouter for the key's facts and for the model list at the same time: the model
// list is requested while the key check is still waiting for its answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../helpers/fixtures.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("linux");
});
afterAll(() => sb.cleanup());

describe("setup's requests", () => {
  it("the model list is requested before the key check is answered", async () => {
    // Neither answer goes out until both requests have arrived: a tool that waited for one
    // answer before asking the other question would wait in vain, until its request deadline.
    let keyArrived!: () => void;
    let modelsArrived!: () => void;
    const both = Promise.all([new Promise<void>((r) => (keyArrived = r)), new Promise<void>((r) => (modelsArrived = r))]);
    fake.routes = {
      ...fake.routes,
      "GET /api/v1/key": () => {
        keyArrived();
        return { body: fixture("key.ok.capped.json"), after: both };
      },
      "GET /api/v1/models": () => {
        modelsArrived();
        return { body: fixture("models.openrouter.json"), after: both };
      },
    };
    try {
      const run = await sb.run(["setup", "--dry-run", "--yes"], {
        env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(fake.requests.map((r) => r.path).sort()).toEqual(["/api/v1/key", "/api/v1/models"]);
    } finally {
      fake.reset();
    }
  });

  it("a rejected key is reported as such even though the model list was asked for too", async () => {
    const run = await sb.run(["setup", "--dry-run", "--yes", "--json"], {
      env: { OPENROUTER_API_KEY: `sk-or-v1-${"9".repeat(64)}`, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
    });
    expect(run.exitCode).toBe(3);
    expect(run.json()).toMatchObject({ ok: false, error: { code: "key.rejected" } });
  });
});
