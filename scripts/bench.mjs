// Start-up and size benchmark (not a test). Median wall time of CLI invocations
// as a ratio to `node -e 0` (runs interleaved round by round, each ratio taken against the
// baseline of its own round, so a burst of load elsewhere hits both sides alike), the packed tarball size, `dependencies` empty, and peak RSS of a
// real `setup --yes`. `setup` runs against a loopback fake OpenRouter started here.
// Wall time on a shared two-core machine swings by tens of per cent from run to run, so
// `--instructions` also counts the instructions each invocation executes (valgrind's callgrind):
// the same figure every time, whatever else the machine is doing, as a ratio to `node -e 0` too.
// Usage: npm run bench [-- --runs 30] [-- --instructions] [-- --json]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKED_BYTES_GOAL } from "./size-goal.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "claude-desktop-openrouter.js");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 25;
const GOALS = { "--help": 1.3, "doctor --offline --json": 2.0 };
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

/** Instructions one run executes, counted by callgrind; null when valgrind is not there. */
function instructions(args, env) {
  return new Promise((resolve) => {
    const out = join(tmpdir(), `cdo-callgrind-${process.pid}-${Math.random().toString(16).slice(2)}`);
    const child = spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", () => resolve(null));
    child.on("close", () => {
      rmSync(out, { force: true });
      const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
      resolve(refs ? Number(refs.replaceAll(",", "")) : null);
    });
  });
}

/**
 * Times every case, the baseline first, round by round. Returns each case's median time and the
 * median of its per-round ratios to the baseline.
 */
async function timeRounds(baseline, cases) {
  const all = [baseline, ...cases];
  const samples = all.map(() => []);
  for (let round = 0; round < runs + 3; round++) {
    for (const [i, [, args, env]] of all.entries()) {
      const ms = await runOnce(args, env);
      if (round >= 3) samples[i].push(ms); // the first rounds warm the file cache
    }
  }
  const base = samples[0];
  return {
    baselineMs: median(base),
    cases: cases.map(([name], i) => ({
      name,
      ms: median(samples[i + 1]),
      ratio: median(samples[i + 1].map((ms, round) => ms / base[round])),
    })),
  };
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

const countInstructions = process.argv.includes("--instructions");
const results = {
  runs,
  baselineMs: 0,
  baselineInstructions: null,
  cases: {},
  packedBytes: 0,
  unpackedBytes: 0,
  dependencies: {},
  setupPeakRssKb: null,
  rssMethod: null,
};
try {
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
  const baseline = ["node -e 0", ["-e", "0"], {}];
  const timed = await timeRounds(baseline, cases);
  results.baselineMs = timed.baselineMs;
  if (countInstructions) results.baselineInstructions = await instructions(baseline[1], {});
  console.log(
    `node -e 0: ${results.baselineMs.toFixed(1)} ms (median of ${runs})${results.baselineInstructions ? `, ${(results.baselineInstructions / 1e6).toFixed(0)} M instructions` : ""}`,
  );
  for (const [index, [name, args, env]] of cases.entries()) {
    const { ms, ratio } = timed.cases[index];
    const count = results.baselineInstructions ? await instructions(args, env) : null;
    const instructionRatio = count ? count / results.baselineInstructions : null;
    results.cases[name] = { ms, ratio, instructions: count, instructionRatio };
    const goal = GOALS[name];
    const verdict = (r) => (goal ? `   goal ≤ ${goal}× ${r <= goal ? "met" : "MISSED"}` : "");
    console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms   ratio ${ratio.toFixed(2)}×${verdict(ratio)}`);
    if (instructionRatio)
      console.log(
        `${"".padEnd(24)} ${(count / 1e6).toFixed(0).padStart(7)} M instr.  ratio ${instructionRatio.toFixed(2)}×${verdict(instructionRatio)}`,
      );
  }

  // Peak RSS of a real setup (writes into the sandbox).
  const setupArgs = [bin, "setup", "--yes"];
  if (spawnSync("/usr/bin/time", ["-v", "true"], { stdio: "ignore" }).status === 0) {
    const r = await new Promise((resolve) => {
      const child = spawn("/usr/bin/time", ["-v", process.execPath, ...setupArgs], {
        env: { ...process.env, ...sandboxEnv },
        stdio: ["ignore", "ignore", "pipe"],
      });
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
      const child = spawn(process.execPath, ["--import", hook, ...setupArgs], {
        env: { ...process.env, ...sandboxEnv },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("close", () => resolve(err));
    });
    const kb = /maxrss:(\d+)/.exec(r)?.[1];
    if (kb) Object.assign(results, { setupPeakRssKb: Number(kb), rssMethod: "process.resourceUsage().maxRSS" });
  }
  console.log(
    `setup --yes peak RSS     ${results.setupPeakRssKb ? `${(results.setupPeakRssKb / 1024).toFixed(1)} MB (${results.rssMethod})` : "not measured"}`,
  );

  // Size: what npm would publish.
  const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  const info = JSON.parse(pack.stdout)[0];
  results.packedBytes = info.size;
  results.unpackedBytes = info.unpackedSize;
  results.dependencies = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies ?? {};
  const depCount = Object.keys(results.dependencies).length;
  console.log(
    `packed tarball           ${(info.size / 1024).toFixed(1)} KB (unpacked ${(info.unpackedSize / 1024).toFixed(1)} KB, ${info.entryCount} files)   goal ≤ ${PACKED_BYTES_GOAL / 1024} KB ${info.size <= PACKED_BYTES_GOAL ? "met" : "MISSED"}`,
  );
  console.log(
    `dependencies             ${depCount === 0 ? "none (goal met)" : `${depCount} (goal MISSED: ${Object.keys(results.dependencies).join(", ")})`}`,
  );
  if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
} finally {
  server.close();
  rmSync(sandbox, { recursive: true, force: true });
}
