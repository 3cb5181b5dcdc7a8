// Preloaded (node --import) into every CLI subprocess a test runs: records how long the tool
// itself ran, from just after Node's own start-up to the process's exit. Timing assertions use
// this figure, because Node's bootstrap on a busy two-core CI machine can take a second by
// itself and is not the tool's doing.
import { writeFileSync } from "node:fs";

const file = process.env.CDO_TEST_LIFETIME_FILE;
if (file) {
  const started = performance.now();
  process.on("exit", () => writeFileSync(file, String(Math.round(performance.now() - started))));
}
