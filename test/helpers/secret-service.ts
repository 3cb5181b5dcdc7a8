// A real Secret Service for one sandbox: a D-Bus session (dbus-run-session) with GNOME Keyring's
// secrets component, its keyring kept under the sandbox's HOME. Unlocked without a person (the
// keyring password on the daemon's stdin), or started locked to see what a locked keyring does.
// Needs the Debian packages dbus, gnome-keyring and libsecret-tools (.ci/run installs them); a
// missing one fails the test that asked for it, naming the package.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "./sandbox.js";

const TOOLS: Record<string, string> = {
  "/usr/bin/dbus-run-session": "dbus (dbus-bin)",
  "/usr/bin/gnome-keyring-daemon": "gnome-keyring",
  "/usr/bin/secret-tool": "libsecret-tools",
};

/** Not the API key: the password of the test keyring itself. */
const KEYRING_PASSWORD = "keyring-password-for-tests";

export interface SecretService {
  /** DBUS_SESSION_BUS_ADDRESS of the session. */
  address: string;
  /** Ends the session (the keyring daemon goes with its bus). */
  stop(): Promise<void>;
}

export function requireSecretServiceTools(): void {
  const missing = Object.entries(TOOLS).filter(([path]) => !existsSync(path));
  if (missing.length > 0)
    throw new Error(
      `A real Secret Service is needed and these are missing: ${missing.map(([path, pkg]) => `${path} (package ${pkg})`).join(", ")}. Install them: apt-get install dbus gnome-keyring libsecret-tools (.ci/run does).`,
    );
}

/** The environment of the session: the sandbox's HOME and XDG directories, so the keyring lives there. */
export function sessionEnv(sb: Sandbox): Record<string, string> {
  const runtime = join(sb.dir, "run");
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  return {
    PATH: "/usr/bin:/bin",
    HOME: sb.home,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: join(sb.home, ".local", "share"),
    XDG_CACHE_HOME: join(sb.home, ".cache"),
    XDG_CONFIG_HOME: join(sb.home, ".config"),
    LANG: "C.UTF-8",
  };
}

export async function startSecretService(sb: Sandbox, options: { unlock: boolean } = { unlock: true }): Promise<SecretService> {
  requireSecretServiceTools();
  const script = [
    options.unlock
      ? 'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null'
      : "gnome-keyring-daemon --start --components=secrets --daemonize >/dev/null",
    'echo "BUS=$DBUS_SESSION_BUS_ADDRESS"',
    // The session lasts until the test closes this shell's stdin.
    "exec cat >/dev/null",
  ].join(" && ");
  const child: ChildProcessWithoutNullStreams = spawn("/usr/bin/dbus-run-session", ["--", "/bin/sh", "-c", script], {
    env: { ...sessionEnv(sb), KEYRING_PASSWORD },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`the Secret Service did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      const bus = /^BUS=(.+)$/m.exec(stdout)?.[1];
      if (bus) {
        clearTimeout(timer);
        resolve(bus.trim());
      }
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-run-session ended (exit ${code}) before the Secret Service started: ${stderr}`));
    });
  });
  return {
    address,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
