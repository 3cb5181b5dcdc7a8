// Preloaded (node --import) into every CLI subprocess a test runs: records how long the tool
// itself ran, from just after Node's own start-up to the process's exit, and how long it ran
// after its first HTTP request was made (Node's http client announces each one on a diagnostics
// channel, a proxy's CONNECT included).
// Timing assertions use these figures: on a busy two-core CI machine, Node's bootstrap and the
// loading of the bundle can take more than a second of CPU starvation, which is not what a
// request deadline is about.
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const file = process.env.CDO_TEST_LIFETIME_FILE;
if (file) {
  const started = performance.now();
  let firstRequest = null;
  const onRequest = () => {
    firstRequest ??= performance.now();
  };
  subscribe("http.client.request.start", onRequest);
  process.on("exit", () => {
    const now = performance.now();
    writeFileSync(
      file,
      JSON.stringify({
        toolMs: Math.round(now - started),
        afterFirstRequestMs: firstRequest === null ? null : Math.round(now - firstRequest),
      }),
    );
  });
}
