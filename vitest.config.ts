import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The long campaigns run only with `npm run test:stress` (vitest.stress.config.ts).
    exclude: ["test/stress/**", "**/node_modules/**"],
    // Suite-wide secret hygiene: the test key in any child argv/env, printed line or sandbox file fails the test.
    setupFiles: ["./test/setup/secrets.ts", "./test/setup/os-rooms.ts"],
    // Tests of the built CLI never run a dist/ older than src/: it is rebuilt first.
    globalSetup: ["./test/setup/fresh-dist.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: subprocess-heavy end-to-end files would only fight each other.
    maxWorkers: 2,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
