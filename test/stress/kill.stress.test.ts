// Item 1, full campaign: ≥ 1000 SIGKILLs at random moments of setup and revert (`npm run test:stress`).
import { expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { killCampaign } from "./kill.js";

const fake = useFakeOpenRouter();

it("1000 kills at random points", async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
  const runs = Number(process.env.KILL_RUNS ?? 1000);
  const figures = await killCampaign(fake.apiUrl, runs, seed, (line) => console.log(line));
  console.log(`kill campaign (seed ${seed}): ${JSON.stringify({ ...figures, failures: figures.failures.length })}`);
  for (const failure of figures.failures.slice(0, 20)) console.log(`  ${failure}`);
  expect(figures.failures).toEqual([]);
});
