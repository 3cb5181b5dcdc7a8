// Start-up benchmark (not a test): median wall time of CLI invocations as a ratio to `node -e 0`.
// Usage: npm run bench [-- --runs 30]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/claude-desktop-openrouter.js", import.meta.url));
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 25;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(args) {
  const samples = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
    if (i >= 3) samples.push(ms); // the first runs warm the file cache
  }
  return median(samples);
}

const baseline = time(["-e", "0"]);
const cases = [
  ["--version", [bin, "--version"]],
  ["--help", [bin, "--help"]],
];
console.log(`node -e 0: ${baseline.toFixed(1)} ms (median of ${runs})`);
for (const [name, args] of cases) {
  const ms = time(args);
  console.log(`${name.padEnd(12)} ${ms.toFixed(1).padStart(7)} ms   ratio ${(ms / baseline).toFixed(2)}×`);
}
