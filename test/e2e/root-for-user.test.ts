// Run as root for a user (sudo with the user's HOME and SUDO_UID, a management agent): every file
// and folder the tool creates or replaces under that user's home stays the user's, with the modes
// a run by the user leaves, and the user can go on alone (their own revert works). A run that
// cannot leave a file to its owner refuses before writing. The user is a bare uid (no account
// needed): CI and this suite run as root, and `setpriv` runs the user's own commands.
import { spawn } from "node:child_process";
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { installApp } from "../helpers/doctor.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { BIN, expectKeyIn, type Sandbox, TEST_KEY, useSandboxes } from "../helpers/sandbox.js";
import { requireSecretServiceTools, startSecretService } from "../helpers/secret-service.js";
import { expectKeyOnlyInStore } from "../helpers/sandbox.js";

const USER = { uid: 4242, gid: 4343 };
const OTHER = { uid: 5555, gid: 5555 };
const fake = useFakeOpenRouter();
const sandbox = useSandboxes();
const MODELS = ["--models", "anthropic/claude-sonnet-4.5"];

beforeAll(() => {
  // These tests are about a root run: they need root (CI runs as root), and fail rather than skip.
  expect(process.getuid?.(), "the root-for-a-user tests run as root (CI does)").toBe(0);
});

interface Node {
  uid: number;
  gid: number;
  mode: number;
  dir: boolean;
  ino: number;
  mtimeMs: number;
}

/** Every file and folder under dir (links not followed), keyed by relative path; backup ids made generic. */
function tree(dir: string): Map<string, Node> {
  const out = new Map<string, Node>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      // The keyring daemon (a process of its own) makes and removes its lock files as it likes:
      // one gone between the listing and the look was not the tool's.
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st) continue;
      out.set(relative(dir, path), {
        uid: st.uid,
        gid: st.gid,
        mode: st.mode & 0o7777,
        dir: st.isDirectory(),
        ino: st.ino,
        mtimeMs: st.mtimeMs,
      });
      if (st.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

/** The paths a run created or replaced: new ones, and those with another inode or a new mtime. */
function touched(before: Map<string, Node>, after: Map<string, Node>): string[] {
  return [...after]
    .filter(([path, node]) => {
      const was = before.get(path);
      return !was || was.ino !== node.ino || was.mtimeMs !== node.mtimeMs;
    })
    .map(([path]) => path);
}

/** A user's machine: the app installed, their home (and everything in it) theirs. */
function userMachine(): Sandbox {
  const sb = sandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  installApp(sb);
  // What the user's own Claude Desktop left: a config of theirs, readable by others as the app writes it.
  sb.write(sb.paths.rootConfig1p, { preferences: { theme: "dark" } }, 0o644);
  chownTree(sb.home, USER);
  // The sandbox folder is root's 0700: let the user reach their home inside it.
  chmodSync(sb.dir, 0o755);
  return sb;
}

/** Everything readable and writable by all (so only the tool's own rule can stop a write). */
function chmodTree(dir: string): void {
  chmodSync(dir, 0o777);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) chmodTree(path);
    else chmodSync(path, 0o666);
  }
}

function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  chownSync(dir, owner.uid, owner.gid);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) chownTree(path, owner);
    else chownSync(path, owner.uid, owner.gid);
  }
}

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The built CLI as the user (setpriv: their uid and gid, no other groups) or as root for them (SUDO_UID). */
function run(
  sb: Sandbox,
  as: "root-for-user" | { uid: number; gid: number },
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const full = { ...sb.env, ...env, ...(as === "root-for-user" ? { SUDO_UID: String(USER.uid), SUDO_GID: String(USER.gid) } : {}) };
  const [file, argv] =
    as === "root-for-user"
      ? [process.execPath, [BIN, ...args]]
      : ["/usr/bin/setpriv", ["--reuid", String(as.uid), "--regid", String(as.gid), "--clear-groups", process.execPath, BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { env: full, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });
}

/** The key file, outside the home (as an admin keeps it), readable by root only. */
function keyFile(sb: Sandbox): string {
  const path = join(sb.dir, "key.txt");
  sb.write(path, `${TEST_KEY}\n`, 0o600);
  return path;
}

/** Relative path → mode and kind of everything under the home, backup set names made generic. */
function modes(home: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, node] of tree(home)) {
    out[path.replace(/backups\/[^/]+/, "backups/<id>")] = `${node.dir ? "d" : "f"}${node.mode.toString(8)}`;
  }
  return out;
}

/** setup, doctor --fix (after the app reset deploymentMode), export into the home, then revert. */
async function theSequence(sb: Sandbox, as: "root-for-user" | { uid: number; gid: number }, key: string) {
  const steps: { name: string; touched: string[] }[] = [];
  const step = async (name: string, args: string[], before?: () => void) => {
    before?.();
    const was = tree(sb.home);
    const result = await run(sb, as, args);
    expect(result.exitCode, `${name}: ${result.stderr}`).toBe(0);
    steps.push({ name, touched: touched(was, tree(sb.home)) });
  };
  await step("setup", ["setup", "--yes", "--api-key-file", key, ...MODELS]);
  await step("doctor --fix", ["doctor", "--fix", "--yes", "--offline"], () => {
    // The app wrote its config again without deploymentMode (as the user, so it is theirs).
    const config = JSON.parse(readFileSync(sb.paths.rootConfig3p, "utf8")) as Record<string, unknown>;
    delete config.deploymentMode;
    writeFileSync(sb.paths.rootConfig3p, `${JSON.stringify(config, null, 2)}\n`);
  });
  await step("export", ["export", "--format", "reg", "--api-key-file", key, ...MODELS, "--out", join(sb.home, "claude.reg")]);
  expectKeyIn(join(sb.home, "claude.reg"));
  await step("revert", ["revert", "--yes"]);
  return steps;
}

describe("root run for a user (HOME of the user, SUDO_UID set)", () => {
  it("setup, doctor --fix, export and revert leave every file and folder they create or replace to the user, with the user's modes", async () => {
    const sb = userMachine();
    const steps = await theSequence(sb, "root-for-user", keyFile(sb));
    const after = tree(sb.home);
    for (const { name, touched: paths } of steps) {
      expect(paths.length, `${name} wrote something`).toBeGreaterThan(0);
      for (const path of paths) {
        const node = after.get(path);
        if (!node) continue; // removed by a later step
        expect({ path, uid: node.uid, gid: node.gid }, name).toEqual({ path, uid: USER.uid, gid: USER.gid });
      }
    }
    // Nothing under the home belongs to root, whatever step made it.
    expect([...after].filter(([, n]) => n.uid !== USER.uid || n.gid !== USER.gid).map(([p]) => p)).toEqual([]);

    // The same sequence run by the user alone leaves exactly the same modes.
    const own = userMachine();
    const ownKey = keyFile(own);
    chownSync(ownKey, USER.uid, USER.gid);
    await theSequence(own, USER, ownKey);
    expect(modes(sb.home)).toEqual(modes(own.home));
  }, 120_000);

  it("the user can go on alone: their own revert undoes root's setup", async () => {
    const sb = userMachine();
    const setup = await run(sb, "root-for-user", ["setup", "--yes", "--api-key-file", keyFile(sb), ...MODELS]);
    expect(setup.exitCode, setup.stderr).toBe(0);
    const revert = await run(sb, USER, ["revert", "--yes", "--json"]);
    expect(revert.exitCode, revert.stderr).toBe(0);
    expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(`${JSON.stringify({ preferences: { theme: "dark" } }, null, 2)}\n`);
    const doctor = await run(sb, USER, ["doctor", "--offline", "--json"]);
    expect(doctor.stderr).not.toContain("permission denied");
  }, 60_000);

  it("what an earlier root run left root-owned in the home is given back by the next root run", async () => {
    const sb = userMachine();
    const key = keyFile(sb);
    expect((await run(sb, "root-for-user", ["setup", "--yes", "--api-key-file", key, ...MODELS])).exitCode).toBe(0);
    // As the tool left things before this fix: its state folder, backups, lock, the library folder
    // and our entry root's. (A file this run does not rewrite is not touched, whoever owns it.)
    chownTree(join(sb.home, ".local"), { uid: 0, gid: 0 });
    chownSync(sb.paths.libDir, 0, 0);
    chownSync(sb.paths.entry, 0, 0);
    const again = await run(sb, "root-for-user", ["setup", "--yes", "--api-key-file", key, "--models", "anthropic/claude-opus-4.1"]);
    expect(again.exitCode, again.stderr).toBe(0);
    const rootOwned = [...tree(sb.home)].filter(([, n]) => n.uid === 0).map(([p]) => p);
    // Only the folder above the state folder that the tool does not make its own (.local) may stay root's.
    expect(rootOwned.filter((p) => p !== ".local")).toEqual([]);
    const revert = await run(sb, USER, ["revert", "--yes"]);
    expect(revert.exitCode, revert.stderr).toBe(0);
  }, 60_000);

  it("keychain setup: the credential helper and the entry are the user's too", async () => {
    requireSecretServiceTools();
    const sb = userMachine();
    mkdirSync(join(sb.root, "usr", "bin"), { recursive: true });
    const { symlinkSync } = await import("node:fs");
    symlinkSync("/usr/bin/secret-tool", join(sb.root, "usr", "bin", "secret-tool"));
    const key = keyFile(sb);
    const service = await startSecretService(sb);
    try {
      expectKeyOnlyInStore(sb);
      const was = tree(sb.home);
      const bus = { DBUS_SESSION_BUS_ADDRESS: service.address };
      const setup = await run(sb, "root-for-user", ["setup", "--yes", "--key-storage", "keychain", "--api-key-file", key, ...MODELS], bus);
      expect(setup.exitCode, setup.stderr).toBe(0);
      const after = tree(sb.home);
      // The keyring daemon (root's test session) keeps its files in .local/share: not the tool's.
      const ours = touched(was, after).filter((p) => p !== ".local" && !p.startsWith(join(".local", "share")));
      expect(ours).toContain(join(".local", "state", "claude-desktop-openrouter", "keychain-helper.sh"));
      for (const path of ours) {
        const node = after.get(path)!;
        expect({ path, uid: node.uid, gid: node.gid }).toEqual({ path, uid: USER.uid, gid: USER.gid });
      }
      const helper = after.get(join(".local", "state", "claude-desktop-openrouter", "keychain-helper.sh"))!;
      expect(helper.mode).toBe(0o700);
      const revert = await run(sb, "root-for-user", ["revert", "--yes"], bus);
      expect(revert.exitCode, revert.stderr).toBe(0);
      const end = tree(sb.home);
      const left = touched(after, end).filter((p) => p !== ".local" && !p.startsWith(join(".local", "share")));
      for (const path of left) expect({ path, uid: end.get(path)!.uid }).toEqual({ path, uid: USER.uid });
    } finally {
      await service.stop();
    }
  }, 120_000);
});

describe("a run that cannot leave a file to its owner refuses before writing", () => {
  it("not root, in a home that belongs to another user: nothing is written", async () => {
    const sb = userMachine();
    const key = keyFile(sb);
    // The other user's home, set up, with something for doctor --fix to fix.
    expect((await run(sb, "root-for-user", ["setup", "--yes", "--api-key-file", key, ...MODELS])).exitCode).toBe(0);
    const config = JSON.parse(readFileSync(sb.paths.rootConfig3p, "utf8")) as Record<string, unknown>;
    delete config.deploymentMode;
    writeFileSync(sb.paths.rootConfig3p, `${JSON.stringify(config, null, 2)}\n`);
    chownTree(sb.home, OTHER);
    // Even open to all, the home stays the other user's: what the run wrote there would not be.
    chmodTree(sb.home);
    chownSync(key, USER.uid, USER.gid);
    const before = tree(sb.home);
    for (const args of [
      ["setup", "--yes", "--json", "--api-key-file", key, ...MODELS],
      ["doctor", "--fix", "--yes", "--offline", "--json"],
      ["revert", "--yes", "--json"],
    ]) {
      const result = await run(sb, USER, args);
      expect(result.exitCode, `${args[0]}: ${result.stderr}`).not.toBe(0);
      if (args[0] !== "doctor") expect(JSON.parse(result.stdout).error.code, args[0]).toBe("write.foreign-owner");
      expect(result.stdout + result.stderr).toContain(`belongs to user ${OTHER.uid}`);
      expect(tree(sb.home), args[0]).toEqual(before);
    }
  }, 60_000);

  it("not root, replacing a file another user owns in the user's own home: refused, that file left as it was", async () => {
    const sb = userMachine();
    // An earlier root run (before this fix) left the app's config root-owned in the user's folder.
    chownSync(sb.paths.rootConfig1p, 0, 0);
    const key = keyFile(sb);
    chownSync(key, USER.uid, USER.gid);
    const result = await run(sb, USER, ["setup", "--yes", "--json", "--api-key-file", key, ...MODELS]);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "write.foreign-owner" });
    expect(lstatSync(sb.paths.rootConfig1p).uid).toBe(0);
    expect(readFileSync(sb.paths.rootConfig1p, "utf8")).not.toContain("deploymentMode");
    expect(() => lstatSync(sb.paths.entry)).toThrow();
  }, 60_000);
});
