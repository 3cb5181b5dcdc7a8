// Item 1 (quick variant): 50 SIGKILLs at random moments of setup and revert. The 1000-run
// campaign is `npm run test:stress` (test/stress/kill.stress.test.ts).
import { expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { killCampaign } from "../stress/kill.js";

const fake = useFakeOpenRouter();

it("50 kills at random points leave every file parsable, before-or-after, and the next run completes", async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
  const figures = await killCampaign(fake.apiUrl, Number(process.env.KILL_RUNS ?? 50), seed);
  console.log(`kill (seed ${seed}): ${JSON.stringify({ ...figures, failures: figures.failures.length })}`);
  expect(figures.failures).toEqual([]);
}, 180_000);
