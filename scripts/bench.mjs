// Start-up and size benchmark (not a test; issue 7 item 7). Median wall time of CLI invocations
// as a ratio to `node -e 0`, the packed tarball size, `dependencies` empty, and peak RSS of a
// real `setup --yes`. `setup` runs against a loopback fake OpenRouter started here.
// Usage: npm run bench [-- --runs 30] [-- --json]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "claude-desktop-openrouter.js");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 25;
const GOALS = { "--help": 1.3, "doctor --offline --json": 2.0 };
const MAX_PACKED = 400 * 1024;
// A well-formed key that only the fake below accepts.
const BENCH_KEY = `sk-or-v1-${"b".repeat(64)}`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Async, so the fake server in this process can answer while the child runs. */
function runOnce(args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

async function time(args, env = {}) {
  const samples = [];
  for (let i = 0; i < runs + 3; i++) {
    const ms = await runOnce(args, env);
    if (i >= 3) samples.push(ms); // the first runs warm the file cache
  }
  return median(samples);
}

const fixtures = join(root, "fixtures", "openrouter");
const routes = {
  "/api/v1/key": readFileSync(join(fixtures, "key.ok.capped.json")),
  "/api/v1/models": readFileSync(join(fixtures, "models.openrouter.json")),
};
const server = createServer((req, res) => {
  const body = routes[(req.url ?? "").split("?")[0]];
  res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
  res.end(body ?? "{}");
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const apiUrl = `http://127.0.0.1:${server.address().port}/api/v1`;
const sandbox = mkdtempSync(join(tmpdir(), "cdo-bench-"));
const sandboxEnv = {
  HOME: join(sandbox, "home"),
  CLAUDE_DESKTOP_OPENROUTER_PLATFORM: "linux",
  CLAUDE_DESKTOP_OPENROUTER_ROOT: join(sandbox, "root"),
  CLAUDE_DESKTOP_OPENROUTER_API_URL: apiUrl,
  OPENROUTER_API_KEY: BENCH_KEY,
  XDG_CONFIG_HOME: "",
  XDG_STATE_HOME: "",
};

const results = { runs, baselineMs: 0, cases: {}, packedBytes: 0, unpackedBytes: 0, dependencies: {}, setupPeakRssKb: null, rssMethod: null };
try {
  results.baselineMs = await time(["-e", "0"]);
  console.log(`node -e 0: ${results.baselineMs.toFixed(1)} ms (median of ${runs})`);
  const cases = [
    ["--version", [bin, "--version"], {}],
    ["--help", [bin, "--help"], {}],
    ["setup --dry-run --yes", [bin, "setup", "--dry-run", "--yes"], sandboxEnv],
  ];
  // doctor on a configured machine (a fresh one has no library: doctor would rightly exit 1).
  const doctorSandbox = mkdtempSync(join(tmpdir(), "cdo-bench-doctor-"));
  const doctorEnv = { ...sandboxEnv, HOME: join(doctorSandbox, "home"), CLAUDE_DESKTOP_OPENROUTER_ROOT: join(doctorSandbox, "root") };
  await runOnce([bin, "setup", "--yes", "--no-restart"], doctorEnv);
  cases.push(["doctor --offline --json", [bin, "doctor", "--offline", "--json"], doctorEnv]);
  for (const [name, args, env] of cases) {
    const ms = await time(args, env);
    const ratio = ms / results.baselineMs;
    results.cases[name] = { ms, ratio };
    const goal = GOALS[name];
    console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms   ratio ${ratio.toFixed(2)}×${goal ? `   goal ≤ ${goal}× ${ratio <= goal ? "met" : "MISSED"}` : ""}`);
  }

  // Peak RSS of a real setup (writes into the sandbox).
  const setupArgs = [bin, "setup", "--yes"];
  if (spawnSync("/usr/bin/time", ["-v", "true"], { stdio: "ignore" }).status === 0) {
    const r = await new Promise((resolve) => {
      const child = spawn("/usr/bin/time", ["-v", process.execPath, ...setupArgs], { env: { ...process.env, ...sandboxEnv }, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code, err }));
    });
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.err)?.[1];
    if (r.code === 0 && kb) Object.assign(results, { setupPeakRssKb: Number(kb), rssMethod: "/usr/bin/time -v" });
  }
  if (results.setupPeakRssKb === null) {
    const hook = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss:"+process.resourceUsage().maxRSS+"\\n"))`;
    const r = await new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", hook, ...setupArgs], { env: { ...process.env, ...sandboxEnv }, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("close", () => resolve(err));
    });
    const kb = /maxrss:(\d+)/.exec(r)?.[1];
    if (kb) Object.assign(results, { setupPeakRssKb: Number(kb), rssMethod: "process.resourceUsage().maxRSS" });
  }
  console.log(`setup --yes peak RSS     ${results.setupPeakRssKb ? `${(results.setupPeakRssKb / 1024).toFixed(1)} MB (${results.rssMethod})` : "not measured"}`);

  // Size: what npm would publish.
  const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  const info = JSON.parse(pack.stdout)[0];
  results.packedBytes = info.size;
  results.unpackedBytes = info.unpackedSize;
  results.dependencies = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies ?? {};
  const depCount = Object.keys(results.dependencies).length;
  console.log(`packed tarball           ${(info.size / 1024).toFixed(1)} KB (unpacked ${(info.unpackedSize / 1024).toFixed(1)} KB, ${info.entryCount} files)   goal ≤ 400 KB ${info.size <= MAX_PACKED ? "met" : "MISSED"}`);
  console.log(`dependencies             ${depCount === 0 ? "none (goal met)" : `${depCount} (goal MISSED: ${Object.keys(results.dependencies).join(", ")})`}`);
  if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
} finally {
  server.close();
  rmSync(sandbox, { recursive: true, force: true });
}
