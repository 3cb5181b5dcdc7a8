// Benchmark (not a test): with every fake OpenRouter request delayed 300 ms, the whole online
// doctor must finish within the slowest chain + 150 ms. Network requests start at once, so the
// slowest chain is one delayed request (300 ms). Run after `node scripts/build.mjs`.
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Readable, Writable } from "node:stream";

const DELAY = 300;
const BUDGET = 150;
const root = fileURLToPath(new URL("..", import.meta.url));
const fx = (name) => readFileSync(join(root, "fixtures", "openrouter", name), "utf8");
const KEY = `sk-or-v1-${"0123456789abcdef".repeat(4)}`;
const ENTRY_ID = "6f70656e-726f-4000-8000-757465720000";

const routes = {
  "GET /api/v1/key": fx("key.ok.capped.json"),
  "GET /api/v1/models": fx("models.openrouter.json"),
  "GET /api/v1/models/user": fx("models.openrouter.json"),
  "GET /api/v1/credits": fx("credits.ok.json"),
  "POST /api/v1/messages": JSON.stringify({
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "anthropic/claude-sonnet-4.5",
    content: [],
    stop_reason: "max_tokens",
    usage: { input_tokens: 8, output_tokens: 1 },
  }),
};
let requests = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    requests++;
    const body = routes[`${req.method} ${req.url.split("?")[0]}`];
    setTimeout(() => {
      res.writeHead(body ? 200 : 404, { "content-type": body ? "application/json" : "text/html" });
      res.end(body ?? "<!DOCTYPE html>");
    }, DELAY);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const apiUrl = `http://127.0.0.1:${server.address().port}/api/v1`;

const dir = mkdtempSync(join(tmpdir(), "cdo-bench-"));
const home = join(dir, "home");
const lib = join(home, ".config", "Claude-3p", "configLibrary");
mkdirSync(lib, { recursive: true, mode: 0o700 });
mkdirSync(join(dir, "root", "usr", "lib", "claude-desktop"), { recursive: true });
const entry = {
  inferenceProvider: "gateway",
  inferenceCredentialKind: "static",
  inferenceGatewayBaseUrl: "https://openrouter.ai/api",
  inferenceGatewayApiKey: KEY,
  inferenceGatewayAuthScheme: "bearer",
  deploymentDisplayName: "OpenRouter",
  coworkEgressAllowedHosts: ["github.com"],
  inferenceModels: [{ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true }],
};
writeFileSync(join(lib, `${ENTRY_ID}.json`), JSON.stringify(entry), { mode: 0o600 });
writeFileSync(join(lib, "_meta.json"), JSON.stringify({ appliedId: ENTRY_ID, entries: [{ id: ENTRY_ID, name: "OpenRouter" }] }), {
  mode: 0o600,
});
for (const d of [join(home, ".config", "Claude"), join(home, ".config", "Claude-3p")]) {
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, "claude_desktop_config.json"), JSON.stringify({ deploymentMode: "3p" }), { mode: 0o600 });
}
const env = {
  HOME: home,
  CLAUDE_DESKTOP_OPENROUTER_PLATFORM: "linux",
  CLAUDE_DESKTOP_OPENROUTER_ROOT: join(dir, "root"),
  CLAUDE_DESKTOP_OPENROUTER_API_URL: apiUrl,
  NO_COLOR: "1",
  LANG: "en_US.UTF-8",
};

// In-process, so the figure is doctor's own time, not node's start-up.
const { run } = await import(join(root, "dist", "cli.js"));
const _sink = () => Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: false });
async function once(args) {
  requests = 0;
  const started = performance.now();
  const code = await run({
    argv: ["node", "cdo", "doctor", "--json", ...args],
    env,
    cwd: home,
    stdin: Readable.from([]),
    stdout: _sink(),
    stderr: _sink(),
    tty: { stdin: false, stdout: false, stderr: false },
    makeContext: undefined,
  });
  return { ms: performance.now() - started, code, requests };
}
await once([]); // warm-up: loads the chunks
const results = [];
for (let i = 0; i < 5; i++) results.push(await once([]));
const live = await once(["--live"]);
server.close();
rmSync(dir, { recursive: true, force: true });

const best = Math.min(...results.map((r) => r.ms));
const median = results.map((r) => r.ms).sort((a, b) => a - b)[2];
console.log(`doctor (online): ${results[0].requests} requests per run, each delayed ${DELAY} ms; slowest chain ${DELAY} ms`);
console.log(
  `  median ${median.toFixed(0)} ms, best ${best.toFixed(0)} ms → overhead ${(median - DELAY).toFixed(0)} ms (budget ${BUDGET} ms)`,
);
console.log(
  `doctor --live: ${live.ms.toFixed(0)} ms for ${live.requests} requests (the paid Messages request starts only after network.reach passed: chain ${2 * DELAY} ms)`,
);
const pass = median <= DELAY + BUDGET && results.every((r) => r.code === 0);
console.log(pass ? "PASS" : "FAIL");
process.exitCode = pass ? 0 : 1;
