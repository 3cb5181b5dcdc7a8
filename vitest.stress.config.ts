// `npm run test:stress`: the long campaigns (1000 kills). Not part of `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/stress/**/*.stress.test.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    setupFiles: ["./test/setup/secrets.ts", "./test/setup/os-rooms.ts"],
    globalSetup: ["./test/setup/fresh-dist.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
