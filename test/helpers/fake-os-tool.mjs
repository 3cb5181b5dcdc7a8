// The program behind the fake macOS and Windows system tools (test/helpers/fake-os.ts installs a
// small recording wrapper per tool that runs this): one process table, kept in a JSON file, that
// every tool reads and changes the way the real tool would for the arguments it gets. ps lists it,
// kill signals it, osascript asks an app to quit, open and explorer start an app. On the PC,
// PowerShell is real pwsh with its Windows-only cmdlets stood in (fake-windows.psm1), which reads
// this table and changes it through the verbs close-window and stop-process. The Mac's `security`
// keeps generic passwords in the same file (it can be locked or missing). What a tool does not
// understand fails loudly, as the real one would.
//
//   node fake-os-tool.mjs <tool> <state.json> [arguments of the real tool…]
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";

const [tool, statePath, ...args] = process.argv.slice(2);

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function load() {
  return JSON.parse(readFileSync(statePath, "utf8"));
}

/** Read, change and write the table under a lock: a detached launch may run beside a poll. */
function change(mutate) {
  const lock = `${statePath}.lock`;
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (tries > 4000) fail("fake-os: the state lock was never released");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    const state = load();
    const result = mutate(state);
    const temp = `${statePath}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state, null, 1));
    renameSync(temp, statePath);
    return result;
  } finally {
    rmdirSync(lock);
  }
}

const byPid = (state, pid) => state.processes.find((p) => p.pid === pid);

/** Records what a process was asked, and whether the watched file (the entry) existed then. */
function record(state, request, pid, by = tool) {
  state.events.push({ seq: ++state.seq, tool: by, request, pid, watchedExisted: watched(state) });
}

const watched = (state) => (state.watch ? existsSync(state.watch) : null);

/** A process ends; the app's own helpers end with their main process (Electron does that). */
function end(state, pid) {
  const proc = byPid(state, pid);
  if (!proc) return;
  state.processes = state.processes.filter((p) => p.pid !== pid);
  if (proc.main) for (const helper of state.processes.filter((p) => p.ppid === pid && p.app === proc.app)) end(state, helper.pid);
}

/** Starts an app the way the OS would: main process and helpers, as the calling user. */
function launch(state, app, via, env) {
  const running = state.processes.find((p) => p.app === app.id && p.main && p.uid === state.self.uid);
  if (running) {
    state.launches.push({ seq: ++state.seq, via, env, pids: [], activated: true, watchedExisted: watched(state) });
    return;
  }
  const now = clock(state);
  const base = { uid: state.self.uid, session: state.self.session, startedMs: now, app: app.id };
  const main = { ...base, pid: state.nextPid++, ppid: 1, exe: app.exe, args: [app.exe], main: true, behaviour: app.behaviour };
  state.processes.push(main);
  for (const helper of app.helpers ?? []) {
    state.processes.push({
      ...base,
      pid: state.nextPid++,
      ppid: main.pid,
      exe: helper.exe,
      args: [helper.exe, ...helper.args],
      main: false,
    });
  }
  state.launches.push({ seq: ++state.seq, via, env, pids: [main.pid], activated: false, watchedExisted: watched(state) });
  if (app.onStart) {
    mkdirSync(dirname(app.onStart.log), { recursive: true });
    appendFileSync(app.onStart.log, app.onStart.lines.map((l) => `${l}\n`).join(""));
  }
}

/** The environment a program started by this tool gets: what the tool itself was given. */
function inheritedEnv() {
  const env = { ...process.env };
  for (const name of ["PWD", "SHLVL", "_", "OLDPWD"]) delete env[name];
  return env;
}

// ---- macOS -------------------------------------------------------------------------------------

/** The machine's clock: the one a test set (setClock), else the real one. */
function clock(state) {
  return state.clockMs ?? Date.now();
}

function elapsed(ms) {
  let s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const two = (n) => String(n).padStart(2, "0");
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const clock = h > 0 || days > 0 ? `${two(h)}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
  return days > 0 ? `${days}-${clock}` : clock;
}

function ps() {
  const state = load();
  let fields = null;
  let all = false;
  let pids = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o") fields = args[++i].split(",");
    else if (a === "-p") pids = args[++i].split(/[ ,]/).map(Number);
    else if (/^-[axwe]+$/.test(a)) all ||= a.includes("a") && a.includes("x");
    else fail(`ps: illegal argument: ${a}\nusage: ps [-AaCcEefhjlMmrSTvwXx] [-O fmt | -o fmt] [-p pid[,pid]]`);
  }
  if (!fields) fail("ps: this fake needs -o");
  const names = fields.map((f) => f.replace(/=.*$/, ""));
  const value = {
    pid: (p) => String(p.pid).padStart(5),
    ppid: (p) => String(p.ppid).padStart(5),
    uid: (p) => String(p.uid).padStart(5),
    comm: (p) => p.exe,
    args: (p) => p.args.join(" "),
    command: (p) => p.args.join(" "),
    etime: (p) => elapsed(clock(state) - p.startedMs).padStart(11),
  };
  for (const name of names) if (!value[name]) fail(`ps: ${name}: keyword not found`);
  const rows = state.processes.filter((p) => (pids ? pids.includes(p.pid) : all || p.uid === state.self.uid));
  for (const p of rows) process.stdout.write(`${names.map((n) => value[n](p)).join(" ")}\n`);
  if (pids && rows.length === 0) process.exit(1);
}

function pgrep() {
  const state = load();
  let users = null;
  let long = false;
  let full = false;
  let pattern = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-U") users = args[++i].split(",").map(Number);
    else if (a === "-l") long = true;
    else if (a === "-f") full = true;
    else if (pattern === null && !a.startsWith("-")) pattern = a;
    else fail(`pgrep: illegal option -- ${a}`, 2);
  }
  const re = new RegExp(pattern ?? "");
  const found = state.processes.filter((p) => (!users || users.includes(p.uid)) && re.test(full ? p.args.join(" ") : basename(p.exe)));
  for (const p of found) process.stdout.write(long ? `${p.pid} ${full ? p.args.join(" ") : basename(p.exe)}\n` : `${p.pid}\n`);
  process.exit(found.length > 0 ? 0 : 1);
}

function kill() {
  let signal = "TERM";
  const pids = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-s") signal = args[++i];
    else if (/^-[A-Z]+$/.test(args[i])) signal = args[i].slice(1);
    else if (/^\d+$/.test(args[i])) pids.push(Number(args[i]));
    else fail(`kill: illegal argument: ${args[i]}`, 2);
  }
  if (!["TERM", "KILL"].includes(signal)) fail(`kill: unknown signal ${signal}`, 2);
  const errors = change((state) => {
    const out = [];
    const signalled = [];
    for (const pid of pids) {
      const proc = byPid(state, pid);
      if (!proc) out.push(`kill: ${pid}: No such process`);
      else if (state.self.uid !== 0 && proc.uid !== state.self.uid) out.push(`kill: ${pid}: Operation not permitted`);
      else {
        record(state, signal, pid);
        signalled.push(proc);
      }
    }
    // Each process gets its signal before any of them has ended (helpers die after their main).
    for (const proc of signalled) if (signal === "KILL" || proc.behaviour?.term !== "ignore") end(state, proc.pid);
    return out;
  });
  if (errors.length > 0) fail(errors.join("\n"));
}

function osascript() {
  if (args.length !== 2 || args[0] !== "-e") fail("usage: osascript [-l language] [-e script] [programfile]");
  const m = /^tell application id "([^"]+)" to quit$/.exec(args[1]);
  if (!m) fail(`0:${args[1].length}: syntax error: this fake understands only: tell application id "…" to quit (-2741)`);
  const denied = change((state) => {
    // Apple events reach the apps of the user's own session only.
    const targets = state.processes.filter((p) => p.main && p.uid === state.self.uid && state.apps[p.app]?.bundleId === m[1]);
    for (const proc of targets) {
      if (proc.behaviour?.quit === "deny") return true;
      record(state, "quit", proc.pid);
      if (proc.behaviour?.quit !== "ignore") end(state, proc.pid);
    }
    return false;
  });
  if (denied) fail("execution error: Not authorized to send Apple events to Claude. (-1743)");
}

function open() {
  const env = {};
  let bundle = null;
  let path = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--env") {
      const [name, ...rest] = args[++i].split("=");
      env[name] = rest.join("=");
    } else if (args[i] === "-b") bundle = args[++i];
    else if (!args[i].startsWith("-") && path === null) path = args[i];
    else fail(`open: unrecognized option '${args[i]}'`);
  }
  const state = load();
  const app = Object.values(state.apps).find((a) => (bundle ? a.bundleId === bundle : a.installPath === path) && existsSync(a.installPath));
  if (!app) fail(bundle ? `Unable to find application with bundle identifier ${bundle}.` : `The file ${path} does not exist.`);
  // LaunchServices starts the app: it gets the --env variables, not open's own environment.
  change((s) => launch(s, app, bundle ? `open -b ${bundle}` : `open ${path}`, env));
}

/** security's interactive-mode line parser: quotes ' or " open an argument, a backslash escapes. */
function splitSecurityLine(line) {
  const out = [];
  let current = null;
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (current === null) {
      if (/\s/.test(c)) continue;
      current = "";
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
    }
    if (c === "\\") {
      current += line[++i] ?? "";
      continue;
    }
    if (quote ? c === quote : /\s/.test(c)) {
      out.push(current);
      current = null;
      quote = null;
      continue;
    }
    current += c;
  }
  if (current !== null) out.push(current);
  return out;
}

/** The options of a security subcommand (flags without a value listed in `bare`). */
function securityOptions(argv, bare = []) {
  const options = { T: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = /^-([A-Za-z])$/.exec(argv[i])?.[1];
    if (!flag) fail(`security: unexpected argument ${argv[i]}`, 2);
    if (bare.includes(flag)) options[flag] = true;
    else if (flag === "T") options.T.push(argv[++i]);
    else options[flag] = argv[++i];
  }
  return options;
}

const ERR = {
  notFound: [44, "The specified item could not be found in the keychain."],
  locked: [36, "User interaction is not allowed."],
};

/** One security command; returns [exit code, stdout, stderr]. */
function securityCommand(argv) {
  const [command, ...rest] = argv;
  const keychain = load().keychain;
  if (!keychain) fail("security: this fake has no keychain (a Mac was not set up)");
  const id = (o) => `${o.s}\u0000${o.a}`;
  if (command === "default-keychain") {
    if (!keychain.available) return [50, "", "security: SecKeychainCopyDefault: A default keychain could not be found."];
    return [0, `    "${keychain.path}"\n`, ""];
  }
  if (command === "find-generic-password") {
    const o = securityOptions(rest, ["w", "g"]);
    if (keychain.locked) return [ERR.locked[0], "", `security: SecKeychainItemCopyContent: ${ERR.locked[1]}`];
    const item = keychain.items[id(o)];
    if (!item) return [ERR.notFound[0], "", `security: SecKeychainSearchCopyNext: ${ERR.notFound[1]}`];
    return [0, o.w ? `${item.password}\n` : `keychain: "${keychain.path}"\n`, ""];
  }
  if (command === "add-generic-password") {
    const o = securityOptions(rest, ["U", "A"]);
    if (!o.s || !o.a || o.w === undefined) fail("add-generic-password: -s, -a and -w are needed by this fake", 2);
    if (keychain.locked) return [ERR.locked[0], "", `security: SecKeychainItemCreateFromContent (<default>): ${ERR.locked[1]}`];
    let code = 0;
    change((state) => {
      const items = state.keychain.items;
      if (items[id(o)] && !o.U) code = 45;
      else {
        items[id(o)] = { service: o.s, account: o.a, label: o.l ?? o.s, trusted: o.T, password: o.w };
        record(state, "add-generic-password", 0);
      }
    });
    return code === 0
      ? [0, "", ""]
      : [code, "", "security: SecKeychainItemCreateFromContent (<default>): The specified item already exists in the keychain."];
  }
  if (command === "delete-generic-password") {
    const o = securityOptions(rest);
    if (keychain.locked) return [ERR.locked[0], "", `security: SecKeychainItemDelete: ${ERR.locked[1]}`];
    let found = false;
    change((state) => {
      found = Boolean(state.keychain.items[id(o)]);
      delete state.keychain.items[id(o)];
      if (found) record(state, "delete-generic-password", 0);
    });
    return found
      ? [0, `password has been deleted.\n`, ""]
      : [ERR.notFound[0], "", `security: SecKeychainSearchCopyNext: ${ERR.notFound[1]}`];
  }
  fail(`security: unknown command "${command}"`);
}

/** `security -i` reads command lines on stdin; a failed one is reported as "<command>: returned N". */
function security() {
  if (args[0] !== "-i") {
    const [code, out, err] = securityCommand(args);
    process.stdout.write(out);
    if (err) process.stderr.write(`${err}\n`);
    process.exit(code);
  }
  if (args.length !== 1) fail("security: this fake's -i takes no more arguments");
  let code = 0;
  for (const line of readFileSync(0, "utf8").split("\n")) {
    const argv = splitSecurityLine(line);
    if (argv.length === 0) continue;
    const [result, out, err] = securityCommand(argv);
    process.stdout.write(out);
    if (err) process.stderr.write(`${err}\n`);
    if (result !== 0) process.stderr.write(`${argv[0]}: returned ${result}\n`);
    code = result;
  }
  process.exit(code);
}

// ---- Windows -----------------------------------------------------------------------------------
// PowerShell is real pwsh (fake-os.ts): only its Windows-only cmdlets are stood in, by
// fake-windows.psm1, which reads this table and changes it through the two verbs below.

/** A process's main window is asked to close (CloseMainWindow): the app quits, or hides to the tray. */
function closeWindow() {
  change((state) => {
    for (const pid of args.map(Number)) {
      const proc = byPid(state, pid);
      if (!proc) continue;
      record(state, "close-window", pid, "powershell");
      if (proc.main && proc.behaviour?.close !== "hide") end(state, pid);
    }
  });
}

/** Stop-Process -Force on processes the stand-in has looked up and may stop: each is recorded, then ended. */
function stopProcess() {
  change((state) => {
    const targets = args.map((pid) => byPid(state, Number(pid))).filter(Boolean);
    for (const proc of targets) record(state, "stop-process", proc.pid, "powershell");
    for (const proc of targets) end(state, proc.pid);
  });
}

function explorer() {
  const m = /^shell:AppsFolder\\(.+)$/.exec(args[0] ?? "");
  const state = load();
  const app = m && Object.values(state.apps).find((a) => a.aumid === m[1]);
  // explorer.exe reports nothing and exits 1 whatever happened; an unknown AUMID starts nothing.
  if (app) change((s) => launch(s, app, `explorer.exe shell:AppsFolder\\${m[1]}`, inheritedEnv()));
  process.exit(1);
}

function squirrelUpdate() {
  if (args[0] !== "--processStart" || !args[1]) fail("Update.exe: usage: --processStart <exe>");
  const state = load();
  const app = Object.values(state.apps).find(
    (a) => a.squirrel && basename(a.exe.replace(/\\/g, "/")).toLowerCase() === args[1].toLowerCase(),
  );
  if (!app) fail(`Update.exe: ${args[1]} not found`);
  change((s) => launch(s, app, `Update.exe --processStart ${args[1]}`, inheritedEnv()));
}

/** The app's own executable, started directly. */
function appExe() {
  const id = tool.slice("app:".length);
  change((state) => launch(state, state.apps[id], "direct", inheritedEnv()));
}

const tools = {
  ps,
  pgrep,
  kill,
  osascript,
  open,
  security,
  "close-window": closeWindow,
  "stop-process": stopProcess,
  explorer,
  update: squirrelUpdate,
};
if (tool.startsWith("app:")) appExe();
else if (tools[tool]) tools[tool]();
else fail(`fake-os: no tool ${tool}`);
