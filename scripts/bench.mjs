// Start-up, memory and size benchmark (not a test).
//
// Every child runs without NODE_EXTRA_CA_CERTS: loading an extra CA bundle costs each Node process
// tens of milliseconds of CPU, more than the tool's whole start-up, and would hide what we measure.
//
// - Start-up: each command's CPU time (user+sys, from the kernel's accounting of the child) and
//   wall time as a ratio to `node -e 0`. Runs are interleaved round by round and each ratio is
//   taken against the baseline of its own round, so a burst of load elsewhere hits both sides.
// - `--instructions`: the instructions each run executes (valgrind's callgrind; the median of nine
//   runs of each command and of `node -e 0`, since single runs differ by several million), as a
//   ratio to `node -e 0` too.
// - Memory: the peak RSS of the commands that talk to OpenRouter (a loopback fake started here).
// - Exit tail: how long the online doctor's process lives after its last byte of output.
// - Size: the packed tarball and `dependencies`.
// - npx, cold: `npx` of the packed tarball with an empty npm cache, against `npx` of a trivial
//   two-file package, both from local tarballs, offline, interleaved in the same rounds.
// `--against <dir>` runs another checkout (built) in the same rounds and prints both side by side:
// a paired before/after on one machine.
// Usage: npm run bench [-- --runs 20] [-- --instructions] [-- --json] [-- --against ../other]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKED_BYTES_GOAL } from "./size-goal.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const argValue = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const runs = Number(argValue("--runs") ?? 20);
const against = argValue("--against");
const countInstructions = process.argv.includes("--instructions");
const asJson = process.argv.includes("--json");
const log = asJson ? () => undefined : (line) => console.log(line);

/** The builds compared: this checkout, and optionally another one before it. */
const builds = [
  ...(against ? [{ name: "before", bin: join(resolve(against), "bin", "claude-desktop-openrouter.js") }] : []),
  { name: against ? "after" : "this", bin: join(root, "bin", "claude-desktop-openrouter.js") },
];

/** Goals in instructions, as a ratio to `node -e 0`. */
const START_GOALS = {
  "--version": 1.3,
  "--help": 1.3,
  "show --json": 2.6,
  "doctor --offline --json": 2.6,
  "setup --dry-run --yes": 4.5,
};
const PEAK_RSS_GOAL_MB = 100;
const NPX_GOAL = 1.3;
const EXIT_TAIL_GOAL_MS = 20;
// A well-formed key that only the fake below accepts.
const BENCH_KEY = `sk-or-v1-${"b".repeat(64)}`;

const childEnv = (env) => {
  const merged = { ...process.env, NO_COLOR: "1", LANG: "en_US.UTF-8", ...env };
  delete merged.NODE_EXTRA_CA_CERTS;
  delete merged.NODE_OPTIONS;
  return merged;
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function collect(child) {
  return new Promise((done, fail) => {
    let stdout = "";
    let stderr = "";
    let extra = "";
    let lastOutputAt = 0;
    child.stdout?.on("data", (d) => {
      stdout += d;
      lastOutputAt = performance.now();
    });
    child.stderr?.on("data", (d) => (stderr += d));
    child.stdio[3]?.on("data", (d) => (extra += d));
    let exitedAt = 0;
    child.on("exit", () => (exitedAt = performance.now()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr, extra, lastOutputAt, exitedAt }));
  });
}

// bash reports the CPU time of the children it waited for (`times`), read from the kernel's
// accounting, and EPOCHREALTIME brackets the child alone (not bash's own start).
const TIMER = 's=$EPOCHREALTIME; "$@" 3>&-; c=$?; e=$EPOCHREALTIME; times >&3; echo "wall $s $e" >&3; exit $c';

/** One run: CPU ms (user+sys) and wall ms. Async, so the fake server here can answer meanwhile. */
async function timeOnce(args, env) {
  const child = spawn("bash", ["-c", TIMER, "bench", process.execPath, ...args], {
    stdio: ["ignore", "ignore", "pipe", "pipe"],
    env: childEnv(env),
  });
  const r = await collect(child);
  if (r.code !== 0) throw new Error(`${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  const seconds = [...r.extra.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  const [, s, e] = /wall ([\d.]+) ([\d.]+)/.exec(r.extra) ?? [];
  // `times` prints the shell's own user/sys, then its children's.
  return { cpu: (seconds[2] + seconds[3]) * 1000, wall: (Number(e) - Number(s)) * 1000 };
}

/**
 * Runs counted per command, and for `node -e 0`: single runs of the same command range over several
 * million instructions (Node draws random numbers at start, and V8's threads), so every figure,
 * numerator and denominator alike, is the median of nine.
 */
const INSTRUCTION_RUNS = 9;

/** Instructions of one command, the median of INSTRUCTION_RUNS runs. */
async function instructions(args, env, times = INSTRUCTION_RUNS) {
  const counts = [];
  for (let i = 0; i < times; i++) counts.push(await instructionsOnce(args, env));
  return counts.includes(null) ? null : median(counts);
}

/** Instructions one run executes, counted by callgrind; null when valgrind is not there. */
async function instructionsOnce(args, env) {
  const out = join(tmpdir(), `cdo-callgrind-${process.pid}-${Math.random().toString(16).slice(2)}`);
  const child = spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: childEnv(env),
  });
  const r = await collect(child).catch(() => null);
  rmSync(out, { force: true });
  const refs = r && /I\s+refs:\s+([\d,]+)/.exec(r.stderr)?.[1];
  return refs ? Number(refs.replaceAll(",", "")) : null;
}

const hasGnuTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { stdio: "ignore" }).status === 0;
const MAXRSS_HOOK = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss:"+process.resourceUsage().maxRSS+"\\n"))`;

/** Peak RSS (MB) of one run, and how long the process lived after its last byte on stdout. */
async function memoryOnce(args, env) {
  const child = hasGnuTime
    ? spawn("/usr/bin/time", ["-f", "maxrss:%M", process.execPath, ...args], { stdio: ["ignore", "pipe", "pipe"], env: childEnv(env) })
    : spawn(process.execPath, ["--import", MAXRSS_HOOK, ...args], { stdio: ["ignore", "pipe", "pipe"], env: childEnv(env) });
  const r = await collect(child);
  if (r.code !== 0) throw new Error(`${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  const kb = Number(/maxrss:(\d+)/.exec(r.stderr)?.[1]);
  return { rssMb: kb / 1024, tailMs: r.lastOutputAt ? r.exitedAt - r.lastOutputAt : null };
}

// The fake OpenRouter: every endpoint the measured commands call.
const fixtures = join(root, "fixtures", "openrouter");
const routes = {
  "/api/v1/key": readFileSync(join(fixtures, "key.ok.capped.json")),
  "/api/v1/models": readFileSync(join(fixtures, "models.openrouter.json")),
  "/api/v1/models/user": readFileSync(join(fixtures, "models.openrouter.json")),
  "/api/v1/credits": readFileSync(join(fixtures, "credits.ok.json")),
};
const server = createServer((req, res) => {
  const body = routes[(req.url ?? "").split("?")[0]];
  res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
  res.end(body ?? "{}");
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const apiUrl = `http://127.0.0.1:${server.address().port}/api/v1`;

const sandboxes = [];
function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), "cdo-bench-"));
  sandboxes.push(dir);
  // The CLI refuses a home that does not exist (it never creates one).
  mkdirSync(join(dir, "home"));
  return {
    HOME: join(dir, "home"),
    CLAUDE_DESKTOP_OPENROUTER_PLATFORM: "linux",
    CLAUDE_DESKTOP_OPENROUTER_ROOT: join(dir, "root"),
    CLAUDE_DESKTOP_OPENROUTER_API_URL: apiUrl,
    OPENROUTER_API_KEY: BENCH_KEY,
    XDG_CONFIG_HOME: "",
    XDG_STATE_HOME: "",
  };
}

/** The packed tarball of a build's checkout, in a folder of its own. */
function packed(bin) {
  const dir = mkdtempSync(join(tmpdir(), "cdo-bench-pack-"));
  sandboxes.push(dir);
  const out = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: join(bin, "..", ".."),
    encoding: "utf8",
  });
  const [info] = JSON.parse(out.stdout);
  return { tarball: join(dir, info.filename), name: info.name, files: info.entryCount, bytes: info.size };
}

/** A trivial package of two files (package.json and its bin), packed. */
function trivialPackage() {
  const dir = mkdtempSync(join(tmpdir(), "cdo-bench-trivial-"));
  sandboxes.push(dir);
  mkdirSync(join(dir, "pkg"));
  writeFileSync(
    join(dir, "pkg", "package.json"),
    JSON.stringify({ name: "trivial-bin", version: "1.0.0", bin: { "trivial-bin": "cli.js" } }),
  );
  writeFileSync(join(dir, "pkg", "cli.js"), '#!/usr/bin/env node\nprocess.stdout.write("1.0.0\\n");\n', { mode: 0o755 });
  const out = spawnSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: join(dir, "pkg"), encoding: "utf8" });
  const [info] = JSON.parse(out.stdout);
  return { tarball: join(dir, info.filename), name: info.name, files: info.entryCount, bytes: info.size };
}

/** Wall ms of `npx <package> --version` from its tarball, with an empty npm cache, offline. */
async function npxOnce(pkg) {
  const cache = mkdtempSync(join(tmpdir(), "cdo-bench-npm-"));
  const started = performance.now();
  const child = spawn("npx", ["--yes", "--offline", "--package", pkg.tarball, pkg.name, "--version"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...childEnv({}),
      npm_config_cache: cache,
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_update_notifier: "false",
      npm_config_fund: "false",
      npm_config_audit: "false",
    },
  });
  const r = await collect(child);
  const ms = performance.now() - started;
  rmSync(cache, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`npx ${pkg.name} exited ${r.code}: ${r.stderr}`);
  return ms;
}

const results = { runs, machine: {}, baseline: {}, startup: {}, memory: {}, packed: {} };
const fmt = (n, digits = 2) => (n === null || n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits));
const pairs = (values, digits, unit = "") =>
  values.length === 2 ? `${fmt(values[0], digits)}${unit} → ${fmt(values[1], digits)}${unit}` : `${fmt(values[0], digits)}${unit}`;
const verdict = (value, goal) => (goal === undefined ? "" : `goal ≤ ${goal}${value <= goal ? " met" : " MISSED"}`);

try {
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  results.machine = { node: process.version, cpus: (await import("node:os")).availableParallelism(), loadBefore: load };
  log(`Node ${process.version}, ${results.machine.cpus} CPUs, load average ${load}; children run without NODE_EXTRA_CA_CERTS.`);
  if (against) log(`Paired: before = ${resolve(against)}, after = ${root}`);

  // A fresh machine for setup; a configured one for show and doctor (each build its own).
  const fresh = builds.map(() => sandbox());
  const configured = builds.map(() => sandbox());
  for (const [i, build] of builds.entries()) await memoryOnce([build.bin, "setup", "--yes", "--no-restart"], configured[i]);

  const startCases = [
    ["--version", () => ["--version"], () => ({})],
    ["--help", () => ["--help"], () => ({})],
    ["show --json", () => ["show", "--json"], (i) => configured[i]],
    ["doctor --offline --json", () => ["doctor", "--offline", "--json"], (i) => configured[i]],
    ["setup --dry-run --yes", () => ["setup", "--dry-run", "--yes"], (i) => fresh[i]],
  ];
  const samples = new Map(); // "case|build" → [{cpu, wall}]
  const base = [];
  for (let round = 0; round < runs + 2; round++) {
    const b = await timeOnce(["-e", "0"], {});
    const row = [];
    for (const [name, args, env] of startCases) {
      for (const [i, build] of builds.entries()) row.push([`${name}|${build.name}`, await timeOnce([build.bin, ...args()], env(i))]);
    }
    if (round < 2) continue; // the first rounds warm the file cache
    base.push(b);
    for (const [key, value] of row) samples.set(key, [...(samples.get(key) ?? []), { ...value, base: b }]);
  }
  results.baseline = { cpuMs: median(base.map((s) => s.cpu)), wallMs: median(base.map((s) => s.wall)) };
  // Every ratio's denominator, counted as every command is (single runs of node -e 0 range over
  // about a tenth).
  if (countInstructions) results.baseline.instructions = await instructions(["-e", "0"], {});
  log(
    `\nnode -e 0: CPU ${fmt(results.baseline.cpuMs, 1)} ms, wall ${fmt(results.baseline.wallMs, 1)} ms (medians of ${runs})${results.baseline.instructions ? `, ${fmt(results.baseline.instructions / 1e6, 0)} M instructions` : ""}`,
  );
  log(`\nstart-up, ratio to node -e 0${against ? " (before → after)" : ""}`);
  log(`${"".padEnd(24)} ${"CPU".padEnd(against ? 16 : 8)} ${"wall".padEnd(against ? 16 : 8)} ${countInstructions ? "instructions" : ""}`);
  for (const [name, args, env] of startCases) {
    const perBuild = [];
    for (const [i, build] of builds.entries()) {
      const s = samples.get(`${name}|${build.name}`);
      const count = results.baseline.instructions ? await instructions([build.bin, ...args()], env(i)) : null;
      perBuild.push({
        build: build.name,
        cpuMs: median(s.map((x) => x.cpu)),
        wallMs: median(s.map((x) => x.wall)),
        cpuRatio: median(s.map((x) => x.cpu / x.base.cpu)),
        wallRatio: median(s.map((x) => x.wall / x.base.wall)),
        instructions: count,
        instructionRatio: count ? count / results.baseline.instructions : null,
      });
    }
    results.startup[name] = perBuild;
    const last = perBuild.at(-1);
    log(
      `${name.padEnd(24)} ${pairs(
        perBuild.map((p) => p.cpuRatio),
        2,
        "×",
      ).padEnd(against ? 16 : 8)} ${pairs(
        perBuild.map((p) => p.wallRatio),
        2,
        "×",
      ).padEnd(against ? 16 : 8)} ${
        countInstructions
          ? pairs(
              perBuild.map((p) => p.instructionRatio),
              2,
              "×",
            ).padEnd(against ? 16 : 8)
          : ""
      } ${countInstructions ? verdict(last.instructionRatio, START_GOALS[name]) : ""}`,
    );
  }

  // Peak RSS and the doctor's exit tail: a few runs each, interleaved, medians.
  const memoryCases = [
    ["setup --yes", ["setup", "--yes", "--no-restart"], (i) => fresh[i]],
    ["status --json", ["status", "--json"], (i) => configured[i]],
    ["models --json", ["models", "--json"], (i) => configured[i]],
    ["export --format json", ["export", "--format", "json", "--out", "-"], (i) => configured[i]],
    ["doctor --json (online)", ["doctor", "--json"], (i) => configured[i]],
  ];
  const memoryRuns = Math.max(3, Math.min(7, Math.round(runs / 3)));
  const memory = new Map();
  const baseRss = [];
  const baseTail = [];
  for (let round = 0; round < memoryRuns; round++) {
    baseRss.push((await memoryOnce(["-e", "0"], {})).rssMb);
    // Node's own teardown after a last line of output: the floor under any exit tail.
    baseTail.push((await memoryOnce(["-e", "process.stdout.write('{}\\n')"], {})).tailMs);
    for (const [name, args, env] of memoryCases) {
      for (const [i, build] of builds.entries()) {
        const key = `${name}|${build.name}`;
        memory.set(key, [...(memory.get(key) ?? []), await memoryOnce([build.bin, ...args], env(i))]);
      }
    }
  }
  results.baseline.peakRssMb = median(baseRss);
  results.baseline.exitTailMs = median(baseTail);
  log(`\npeak RSS, MB (median of ${memoryRuns}; node -e 0: ${fmt(results.baseline.peakRssMb, 1)} MB)${against ? ", before → after" : ""}`);
  for (const [name] of memoryCases) {
    const perBuild = builds.map((build) => {
      const s = memory.get(`${name}|${build.name}`);
      return { build: build.name, peakRssMb: median(s.map((x) => x.rssMb)), exitTailMs: median(s.map((x) => x.tailMs ?? 0)) };
    });
    results.memory[name] = perBuild;
    log(
      `${name.padEnd(24)} ${pairs(
        perBuild.map((p) => p.peakRssMb),
        1,
      ).padEnd(against ? 16 : 8)} ${verdict(perBuild.at(-1).peakRssMb, PEAK_RSS_GOAL_MB)}`,
    );
  }
  const tails = results.memory["doctor --json (online)"].map((p) => p.exitTailMs);
  log(
    `\ndoctor --json (online), ms alive after its last output: ${pairs(tails, 0, " ms")}   ${verdict(tails.at(-1), EXIT_TAIL_GOAL_MS)}` +
      ` (node -e writing one line: ${fmt(results.baseline.exitTailMs, 0)} ms)`,
  );

  // npx from a cold cache: each build's tarball against a trivial package, interleaved.
  const trivial = trivialPackage();
  const tarballs = builds.map((build) => packed(build.bin));
  const npxRounds = Math.max(5, Math.min(11, Math.round(runs / 2)));
  const npxTimes = { trivial: [], builds: builds.map(() => []) };
  for (let round = 0; round < npxRounds + 1; round++) {
    const t = await npxOnce(trivial);
    const row = [];
    for (const pkg of tarballs) row.push(await npxOnce(pkg));
    if (round === 0) continue; // warms the file cache
    npxTimes.trivial.push(t);
    for (const [i, ms] of row.entries()) npxTimes.builds[i].push({ ms, ratio: ms / t });
  }
  results.npx = {
    trivialMs: median(npxTimes.trivial),
    builds: builds.map((build, i) => ({
      build: build.name,
      files: tarballs[i].files,
      ms: median(npxTimes.builds[i].map((x) => x.ms)),
      ratio: median(npxTimes.builds[i].map((x) => x.ratio)),
    })),
  };
  log(
    `\nnpx --version, cold npm cache (median of ${npxRounds}; trivial two-file package: ${fmt(results.npx.trivialMs, 0)} ms)${against ? ", before → after" : ""}`,
  );
  log(
    `${"ratio to trivial".padEnd(24)} ${pairs(
      results.npx.builds.map((b) => b.ratio),
      2,
      "×",
    ).padEnd(
      against ? 16 : 8,
    )} ${verdict(results.npx.builds.at(-1).ratio, NPX_GOAL)}   files: ${results.npx.builds.map((b) => b.files).join(" → ")}`,
  );

  // Size: what npm would publish.
  const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  const info = JSON.parse(pack.stdout)[0];
  const dependencies = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies ?? {};
  results.packed = { bytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount, dependencies };
  log(
    `\npacked tarball           ${fmt(info.size / 1024, 1)} KB (unpacked ${fmt(info.unpackedSize / 1024, 1)} KB, ${info.entryCount} files)   ${verdict(info.size / 1024, PACKED_BYTES_GOAL / 1024)}`,
  );
  const depCount = Object.keys(dependencies).length;
  log(
    `dependencies             ${depCount === 0 ? "none (goal met)" : `${depCount} (goal MISSED: ${Object.keys(dependencies).join(", ")})`}`,
  );
  results.machine.loadAfter = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  log(`load average after: ${results.machine.loadAfter}`);
  if (asJson) console.log(JSON.stringify(results, null, 2));
} finally {
  server.close();
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
}
