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
    const KEY_DELAY_MS = 1500;
    const received: Record<string, number> = {};
    fake.routes = {
      ...fake.routes,
      "GET /api/v1/key": () => {
        received.key = performance.now();
        return { body: fixture("key.ok.capped.json"), delayMs: KEY_DELAY_MS };
      },
      "GET /api/v1/models": () => {
        received.models = performance.now();
        return { body: fixture("models.openrouter.json") };
      },
    };
    try {
      const run = await sb.run(["setup", "--dry-run", "--yes"], {
        env: { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl },
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(received.key).toBeDefined();
      expect(received.models).toBeDefined();
      expect(Math.abs(received.models! - received.key!)).toBeLessThan(KEY_DELAY_MS);
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
