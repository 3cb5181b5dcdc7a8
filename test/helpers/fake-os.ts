// A simulated macOS or Windows machine under a sandbox's fake root: the system tools the lifecycle
// runs (ps, pgrep, kill, osascript, open; powershell.exe, explorer.exe, Update.exe) are recording
// wrappers around fake-os-tool.mjs, which keeps one process table in a file and acts on it the
// way the real tools would. Tests start the app, run the CLI, and then assert outcomes: which
// process got which request, what is still running, what was launched with which environment.
// The Mac's `security` keeps a login Keychain in the same file. The PC's powershell.exe is real
// pwsh: only the Windows-only cmdlets (CIM, Get-Process, Stop-Process, Appx, DPAPI) are stood in by
// fake-windows.psm1, which answers from the same table.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFakeTools, type FakeTools } from "./fake-tools.js";
import { runInProcess } from "./in-process.js";
import { pwshEnv, requirePwsh } from "./pwsh.js";
import type { Sandbox } from "./sandbox.js";

const TOOL = fileURLToPath(new URL("./fake-os-tool.mjs", import.meta.url));
const STAND_IN = fileURLToPath(new URL("./fake-windows.psm1", import.meta.url));

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The body of the PC's powershell.exe: real pwsh with the arguments the tool gave, and the
 * Windows-only cmdlets stood in by fake-windows.psm1 (loaded through a session configuration
 * file, so the tool's own -NoProfile … -EncodedCommand / -File reach pwsh unchanged).
 */
function realPowerShell(sb: Sandbox): string {
  const pwsh = requirePwsh();
  const dir = join(sb.dir, "fake-os");
  const config = join(dir, "fake-windows.pssc");
  writeFileSync(
    config,
    `@{\n  SchemaVersion = '2.0.0.0'\n  SessionType = 'Default'\n  ModulesToImport = '${STAND_IN.replace(/'/g, "''")}'\n}\n`,
  );
  const env = { ...pwshEnv(), FAKE_OS_STATE: join(dir, "state.json"), FAKE_OS_NODE: process.execPath, FAKE_OS_TOOL: TOOL };
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${sh(value)}`);
  return `exec env ${assignments.join(" ")} ${sh(pwsh)} -ConfigurationFile ${sh(config)} "$@"`;
}

export interface Behaviour {
  /** macOS: what the app does with the Apple event "quit" (deny: Automation consent refused). */
  quit?: "exit" | "ignore" | "deny";
  /** SIGTERM: ends it, or is ignored (KILL always ends it). */
  term?: "exit" | "ignore";
  /** Windows: closing the main window quits, or only hides the app to the tray. */
  close?: "exit" | "hide";
}

export interface FakeProcess {
  pid: number;
  ppid: number;
  uid: number;
  session: number;
  exe: string;
  args: string[];
  startedMs: number;
  /** The app it belongs to (a key of apps), if any. */
  app?: string;
  main: boolean;
  behaviour?: Behaviour;
}

export interface FakeApp {
  id: string;
  bundleId?: string;
  aumid?: string;
  squirrel?: boolean;
  /** Must exist on disk for open to find the app. */
  installPath: string;
  exe: string;
  helpers?: { exe: string; args: string[] }[];
  behaviour: Behaviour;
  /** What the app writes to its main.log when it starts. */
  onStart?: { log: string; lines: string[] };
}

export interface FakeEvent {
  /** Order among all events and launches. */
  seq: number;
  tool: string;
  request: string;
  pid: number;
  /** Whether the watched file (the tool's entry) existed when the request came. */
  watchedExisted: boolean | null;
}

export interface FakeLaunch {
  seq: number;
  via: string;
  env: Record<string, string>;
  pids: number[];
  activated: boolean;
  watchedExisted: boolean | null;
}

interface State {
  self: { uid: number; session: number; elevated: boolean };
  seq: number;
  nextPid: number;
  watch: string | null;
  apps: Record<string, FakeApp>;
  packages: Record<string, string>[];
  processes: FakeProcess[];
  events: FakeEvent[];
  launches: FakeLaunch[];
  /** The Mac's login Keychain (security); absent on the PC. */
  keychain?: FakeKeychain;
  /** The PC user's secret the DPAPI stand-in protects keys with. */
  dpapiSecret: string;
  /** The machine's clock as its tools read it (ps etime, a launch's start), when a test set it. */
  clockMs?: number;
}

export interface FakeKeychainItem {
  service: string;
  account: string;
  label: string;
  /** The applications -T trusts to read it without a prompt. */
  trusted: string[];
  password: string;
}

export interface FakeKeychain {
  path: string;
  /** Locked: reads and writes fail as without a user session ("User interaction is not allowed"). */
  locked: boolean;
  /** No default keychain at all. */
  available: boolean;
  items: Record<string, FakeKeychainItem>;
}

export interface FakeMachine {
  tools: FakeTools;
  app: FakeApp;
  /** Starts the app as the user would (main process and helpers); returns the main PID. */
  startApp(options?: { uid?: number; session?: number; startedMs?: number }): number;
  /** Adds a process that is not the app's (Claude Code, a shell, another user's app). */
  addProcess(process: Omit<FakeProcess, "pid" | "startedMs" | "main" | "session" | "uid"> & Partial<FakeProcess>): number;
  setBehaviour(behaviour: Behaviour): void;
  /** Who runs the tools: uid, session, elevated (sees other sessions' paths). */
  runAs(self: Partial<State["self"]>): void;
  processes(): FakeProcess[];
  /** PIDs of the app's main processes still running. */
  appPids(): number[];
  events(): FakeEvent[];
  launches(): FakeLaunch[];
  /** The Mac's Keychain items (service, account, label, trusted apps, password). */
  keychainItems(): FakeKeychainItem[];
  setKeychain(settings: Partial<Pick<FakeKeychain, "locked" | "available">>): void;
  /** The PC: the Windows user whose DPAPI secret protects and unprotects (another user: another secret). */
  setDpapiSecret(secret: string): void;
  /**
   * Stops the machine's clock at this instant (ms since the epoch) as its tools read it: ps's
   * elapsed time is then counted to it, so a test whose context's clock says the same instant
   * can expect an exact start time. Unset, the tools read the real clock.
   */
  setClock(ms: number): void;
  /** The file that holds the fake secret stores (the Keychain's passwords in clear). */
  statePath: string;
}

function machine(
  sb: Sandbox,
  app: FakeApp,
  install: (tools: FakeTools, wrap: (name: string) => string) => void,
  self: State["self"],
  keychain = false,
) {
  const dir = join(sb.dir, "fake-os");
  mkdirSync(dir, { recursive: true });
  const statePath = join(dir, "state.json");
  const initial: State = {
    self,
    seq: 0,
    nextPid: 7000,
    watch: sb.paths.entry,
    apps: { [app.id]: app },
    packages: [],
    processes: [],
    events: [],
    launches: [],
    ...(keychain
      ? { keychain: { path: join(sb.home, "Library", "Keychains", "login.keychain-db"), locked: false, available: true, items: {} } }
      : {}),
    dpapiSecret: "fake-dpapi-user-secret",
  };
  writeFileSync(statePath, JSON.stringify(initial, null, 1));
  const tools = createFakeTools(join(dir, "calls"));
  install(tools, (name) => `exec '${process.execPath}' '${TOOL}' '${name}' '${statePath}' "$@"`);
  const read = (): State => JSON.parse(readFileSync(statePath, "utf8"));
  const change = (mutate: (state: State) => void) => {
    const state = read();
    mutate(state);
    writeFileSync(statePath, JSON.stringify(state, null, 1));
  };
  const fake: FakeMachine = {
    tools,
    app,
    startApp(options = {}) {
      let pid = 0;
      change((state) => {
        const base = {
          uid: options.uid ?? state.self.uid,
          session: options.session ?? state.self.session,
          startedMs: options.startedMs ?? Date.now() - 3_600_000,
          app: app.id,
        };
        pid = state.nextPid++;
        const behaviour = { ...state.apps[app.id]!.behaviour };
        state.processes.push({ ...base, pid, ppid: 1, exe: app.exe, args: [app.exe], main: true, behaviour });
        for (const helper of app.helpers ?? [])
          state.processes.push({
            ...base,
            pid: state.nextPid++,
            ppid: pid,
            exe: helper.exe,
            args: [helper.exe, ...helper.args],
            main: false,
          });
      });
      return pid;
    },
    addProcess(proc) {
      let pid = 0;
      change((state) => {
        pid = proc.pid ?? state.nextPid++;
        state.processes.push({
          uid: state.self.uid,
          session: state.self.session,
          startedMs: Date.now() - 7_200_000,
          main: false,
          ...proc,
          pid,
        });
      });
      return pid;
    },
    setBehaviour(behaviour) {
      change((state) => {
        state.apps[app.id]!.behaviour = { ...state.apps[app.id]!.behaviour, ...behaviour };
        for (const p of state.processes) if (p.app === app.id && p.main) p.behaviour = { ...p.behaviour, ...behaviour };
      });
    },
    runAs(self) {
      change((state) => {
        state.self = { ...state.self, ...self };
      });
    },
    processes: () => read().processes,
    appPids: () =>
      read()
        .processes.filter((p) => p.app === app.id && p.main)
        .map((p) => p.pid),
    events: () => read().events,
    launches: () => read().launches,
    keychainItems: () => Object.values(read().keychain?.items ?? {}),
    setKeychain(settings) {
      change((state) => {
        if (state.keychain) state.keychain = { ...state.keychain, ...settings };
      });
    },
    setDpapiSecret(secret) {
      change((state) => {
        state.dpapiSecret = secret;
      });
    },
    setClock(ms) {
      change((state) => {
        state.clockMs = ms;
      });
    },
    statePath,
  };
  return { fake, change };
}

/** A Mac with Claude Desktop in /Applications (not running), Finder, a shell and Claude Code's processes. */
export function fakeMac(sb: Sandbox): FakeMachine {
  const appPath = join(sb.root, "Applications", "Claude.app");
  mkdirSync(join(appPath, "Contents", "MacOS"), { recursive: true });
  const frameworks = join(appPath, "Contents", "Frameworks");
  const helper = (kind: string) => {
    const name = kind ? `Claude Helper (${kind})` : "Claude Helper";
    return join(frameworks, `${name}.app`, "Contents", "MacOS", name);
  };
  const app: FakeApp = {
    id: "claude",
    bundleId: "com.anthropic.claudefordesktop",
    installPath: appPath,
    exe: join(appPath, "Contents", "MacOS", "Claude"),
    helpers: [
      { exe: helper("GPU"), args: ["--type=gpu-process"] },
      { exe: helper(""), args: ["--type=utility"] },
      { exe: helper("Renderer"), args: ["--type=renderer"] },
    ],
    behaviour: { quit: "exit", term: "exit" },
    onStart: {
      log: join(sb.home, "Library", "Logs", "Claude-3p", "main.log"),
      lines: [
        "[info] [custom-3p] inference apiHost=https://openrouter.ai/api",
        "[info] [custom-3p] 3P mode active { provider: 'gateway' }",
      ],
    },
  };
  const { fake } = machine(
    sb,
    app,
    (tools, wrap) => {
      tools.install(join(sb.root, "bin", "ps"), "ps", wrap("ps"));
      tools.install(join(sb.root, "usr", "bin", "pgrep"), "pgrep", wrap("pgrep"));
      tools.install(join(sb.root, "bin", "kill"), "kill", wrap("kill"));
      tools.install(join(sb.root, "usr", "bin", "osascript"), "osascript", wrap("osascript"));
      tools.install(join(sb.root, "usr", "bin", "open"), "open", wrap("open"));
      tools.install(join(sb.root, "usr", "bin", "security"), "security", wrap("security"));
    },
    { uid: process.getuid?.() ?? 0, session: 0, elevated: false },
    true,
  );
  fake.addProcess({ ppid: 0, exe: "/sbin/launchd", args: ["/sbin/launchd"], uid: 0 });
  fake.addProcess({ ppid: 1, exe: "/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder", args: ["Finder"] });
  fake.addProcess({ ppid: 1, exe: "/bin/zsh", args: ["-zsh"] });
  // Claude Code: its own app bundle named claude, and the CLI.
  const code = join(
    sb.home,
    "Library",
    "Application Support",
    "Claude",
    "claude-code",
    "2.1.3",
    "claude.app",
    "Contents",
    "MacOS",
    "claude",
  );
  fake.addProcess({ ppid: 1, exe: code, args: [code, "--output-format", "stream-json"] });
  fake.addProcess({ ppid: 1, exe: join(sb.home, ".local", "bin", "claude"), args: ["claude"] });
  return fake;
}

/**
 * A Windows PC with Claude Desktop installed (not running), and Claude Code's processes: the MSIX
 * package, or with `squirrel` the per-user install (…\\AnthropicClaude, started by its Update.exe)
 * under `localAppData` (the sandbox's by default).
 */
export function fakeWindows(sb: Sandbox, options: { squirrel?: boolean; localAppData?: string } = {}): FakeMachine & { install: string } {
  const squirrel = Boolean(options.squirrel);
  const local = options.localAppData ?? join(sb.home, "AppData", "Local");
  const install = squirrel
    ? join(local, "AnthropicClaude")
    : join(sb.root, "Program Files", "WindowsApps", "Claude_1.3883.0.0_x64__pzs8sxrjxfjjc");
  // The app's own folder: the package's app, or the per-user install's app-<version>.
  const appDir = squirrel ? "app-1.3883.0" : "app";
  mkdirSync(join(install, appDir), { recursive: true });
  // The per-user install is found by its stub claude.exe.
  if (squirrel) writeFileSync(join(install, "claude.exe"), "");
  const exe = `${install}\\${appDir}\\${squirrel ? "claude.exe" : "Claude.exe"}`;
  const userData = "--user-data-dir=C:\\Users\\me\\AppData\\Roaming\\Claude-3p";
  const app: FakeApp = {
    id: "claude",
    ...(squirrel ? { squirrel: true } : { aumid: "Claude_pzs8sxrjxfjjc!Claude" }),
    installPath: install,
    exe,
    helpers: [
      { exe, args: ["--type=gpu-process", userData] },
      { exe, args: ["--type=renderer", userData, `--app-path=${install}\\${appDir}\\resources\\app.asar`] },
    ],
    behaviour: { close: "exit" },
    onStart: {
      log: join(local, "Claude-3p", "logs", "main.log"),
      lines: ["[info] [custom-3p] 3P mode active { provider: 'gateway' }"],
    },
  };
  const { fake, change } = machine(
    sb,
    app,
    (tools, wrap) => {
      tools.install(join(sb.root, "Windows", "System32", "WindowsPowerShell", "v1.0", "powershell.exe"), "powershell", realPowerShell(sb));
      tools.install(join(sb.root, "Windows", "explorer.exe"), "explorer", wrap("explorer"));
      if (squirrel) tools.install(join(install, "Update.exe"), "update", wrap("update"));
    },
    { uid: 0, session: 1, elevated: false },
  );
  change((state) => {
    if (squirrel) return;
    state.packages = [
      {
        Name: "Claude",
        PackageFamilyName: "Claude_pzs8sxrjxfjjc",
        InstallLocation: install,
        Version: "1.3883.0.0",
        Aumid: "Claude_pzs8sxrjxfjjc!Claude",
      },
    ];
  });
  // Claude Code: the CLI, a worker the app started, and the copy bundled inside the package.
  fake.addProcess({ ppid: 8876, exe: "C:\\Users\\me\\.local\\bin\\claude.exe", args: ["claude"] });
  fake.addProcess({
    ppid: 1,
    exe: "C:\\Users\\me\\AppData\\Roaming\\Claude\\claude-code\\2.1.3\\claude.exe",
    args: ["C:\\Users\\me\\AppData\\Roaming\\Claude\\claude-code\\2.1.3\\claude.exe", "--output-format", "stream-json"],
  });
  fake.addProcess({
    ppid: 1,
    exe: `${install}\\${appDir}\\resources\\claude-code\\claude.exe`,
    args: [`${install}\\${appDir}\\resources\\claude-code\\claude.exe`],
  });
  // A system process without a readable path.
  fake.addProcess({ ppid: 4, exe: "C:\\Windows\\System32\\svchost.exe", args: ["svchost.exe"], session: 0 });
  return Object.assign(fake, { install });
}

/**
 * The scripts the tool handed powershell.exe, decoded from -EncodedCommand (UTF-16LE base64); a
 * helper run with -File is not one of them.
 */
export function powershellScripts(tools: FakeTools): string[] {
  return tools
    .calls()
    .filter((c) => c.tool === "powershell" && c.args.at(-2) !== "-File")
    .map((c) => {
      const at = c.args.indexOf("-EncodedCommand");
      if (at < 0 || at !== c.args.length - 2) throw new Error(`powershell.exe was not given -EncodedCommand last: ${c.args.join(" ")}`);
      return Buffer.from(c.args[at + 1]!, "base64").toString("utf16le");
    });
}

interface AppRunningCheck {
  status: string;
  detail: string;
  data: { startedAt: string | null };
}

/**
 * doctor's app.running around a change: the library was last written an hour ago, the app started
 * ten minutes ago (`before`), then the library changes (`after`, a restart is needed).
 */
export async function restartNeededScenario(sb: Sandbox, machine: FakeMachine) {
  // The tool's clock and the machine's stopped at one instant: the start time read back is exact.
  const now = Math.floor(Date.now() / 1000) * 1000;
  machine.setClock(now);
  const check = async () =>
    (
      await runInProcess(["doctor", "--json", "--offline", "--check", "app.running"], sb.env, {
        tweak: (ctx) => {
          ctx.clock = { ...ctx.clock, now: () => new Date(now) };
        },
      })
    ).json<{ checks: AppRunningCheck[] }>().checks[0]!;
  sb.write(sb.paths.meta, { appliedId: null, entries: [] });
  const hourAgo = (now - 3_600_000) / 1000;
  utimesSync(sb.paths.meta, hourAgo, hourAgo);
  const startedMs = now - 600_000;
  machine.startApp({ startedMs });
  const before = await check();
  sb.write(sb.paths.meta, { appliedId: null, entries: [{ id: "x", name: "changed" }] });
  return { startedMs, before, after: await check() };
}
