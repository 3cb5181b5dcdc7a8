// The key in the macOS login Keychain on a simulated Mac (test/helpers/fake-os.ts): the fake
// `security` keeps generic passwords the way the real one does (it can be locked, or have no
// keychain at all). The key reaches it only on stdin (`security -i`), the entry names a helper and
// holds no key, the helper written reads it back through the same `security`, every command reads
// it through the same path, and revert removes the item after the entry.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FileSystem } from "../../src/core/context.js";
import { type FakeMachine, fakeMac } from "../helpers/fake-os.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { OTHER_KEY, SIGN_IN_KEY } from "../helpers/fixtures.js";
import { followerBrowser } from "../helpers/sign-in.js";
import { runInProcess } from "../helpers/in-process.js";
import { allowKeyInEntry, createSandbox, ENTRY_ID, expectKeyIn, expectKeyOnlyInStore, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";
import { scanSandbox } from "../setup/secrets.js";

const fake = useFakeOpenRouter();
const SETUP = ["setup", "--yes", "--json", "--key-storage", "keychain", "--models", "anthropic/claude-sonnet-4.5", "--egress", "none"];

let sb: Sandbox;
let mac: FakeMachine;
let keyFile: string;

beforeEach(() => {
  sb = createSandbox("darwin", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  mac = fakeMac(sb);
  keyFile = join(sb.dir, "key.txt");
  sb.write(keyFile, `${TEST_KEY}\n`);
});
afterEach(() => sb.cleanup());

const helperPath = () => join(sb.paths.stateDir, "keychain-helper.sh");
const security = () => join(sb.root, "usr", "bin", "security");
const entry = () => sb.readJson<Record<string, unknown>>(sb.paths.entry);
const securityCalls = () => mac.tools.calls().filter((c) => c.tool === "security");

/** setup --key-storage keychain; from then on the key may sit only in the fake Keychain. */
async function setupKeychain(key = keyFile, extra: string[] = []) {
  const run = await runInProcess([...SETUP, ...extra, "--api-key-file", key], sb.env);
  expect(run.exitCode, run.stderr).toBe(0);
  expectKeyOnlyInStore(sb, [mac.statePath]);
  return run;
}

/** The helper run exactly as Claude Desktop runs it: no arguments, only CLAUDE_HELPER_CONTEXT. */
function runHelperAsApp(context = "interactive") {
  return spawnSync(helperPath(), [], { env: { CLAUDE_HELPER_CONTEXT: context }, encoding: "utf8", timeout: 20_000 });
}

async function doctorApiKey() {
  const run = await runInProcess(["doctor", "--json", "--offline", "--check", "config.api-key"], sb.env);
  return run.json<{ checks: { id: string; status: string; detail: string; fix?: string; data?: Record<string, unknown> }[] }>().checks[0]!;
}

/** Text with every run of white space (a wrapped line's break and indent) as one space. */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("the key in the macOS login Keychain (simulated)", () => {
  it("setup stores the key through security's stdin; the entry names the helper and holds no key; the helper reads it back", async () => {
    const run = await setupKeychain();
    expect(run.json<{ key: { storage: string } }>().key.storage).toBe("keychain");
    const written = entry();
    expect(written).not.toHaveProperty("inferenceGatewayApiKey");
    expect(written).toMatchObject({
      inferenceCredentialKind: "helper-script",
      inferenceCredentialHelper: helperPath(),
      inferenceCredentialHelperTtlSec: 86_400,
    });
    expect(written).not.toHaveProperty("inferenceCredentialHelperWindows");

    // One item, trusted to /usr/bin/security (under the fake root) so the helper reads it without a prompt.
    expect(mac.keychainItems()).toEqual([
      {
        service: "claude-desktop-openrouter",
        account: ENTRY_ID,
        label: "Claude Desktop: OpenRouter API key",
        trusted: [security()],
        password: TEST_KEY,
      },
    ]);
    // The key went in on stdin: the add ran as `security -i`, and no call's arguments or environment hold it.
    expect(securityCalls().map((c) => c.args)).toContainEqual(["-i"]);
    for (const call of securityCalls()) expect(JSON.stringify(call)).not.toContain(TEST_KEY.slice(9, 41));
    // The key was in the store before the entry that names the helper existed.
    expect(mac.events().filter((e) => e.tool === "security")).toEqual([
      expect.objectContaining({ request: "add-generic-password", watchedExisted: false }),
    ]);

    // The helper: owner-only and executable, no secret, security by absolute path, no node or npx.
    expect(statSync(helperPath()).mode & 0o777).toBe(0o700);
    const text = readFileSync(helperPath(), "utf8");
    expect(text.startsWith("#!/bin/sh\n")).toBe(true);
    expect(text).toContain(`tool='${security()}'`);
    expect(text).not.toMatch(/^\s*(node|npx)\b|\$\(\s*(node|npx)\b|PATH=/m);
    expect(text).not.toContain(TEST_KEY.slice(9, 41));
    const helper = runHelperAsApp();
    expect(helper.status, helper.stderr).toBe(0);
    expect(helper.stdout.trim() === TEST_KEY).toBe(true);

    // No copy of the key anywhere in the simulated machine but the Keychain (backups included).
    expectKeyOnlyInStore(sb, [mac.statePath]);
    expect(scanSandbox(sb)).toEqual([]);
  });

  it("setup --login --key-storage keychain: the minted key goes straight into the Keychain", async () => {
    const browser = followerBrowser(join(sb.dir, "visits.jsonl"));
    const run = await sb.run(["setup", "--login", "--yes", "--json", "--key-storage", "keychain", "--egress", "none"], {
      env: { BROWSER: browser },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ key: { source: "login", storage: "keychain" } });
    expect(mac.keychainItems().map((i) => i.password === SIGN_IN_KEY)).toEqual([true]);
    expect(entry()).not.toHaveProperty("inferenceGatewayApiKey");
    expectKeyOnlyInStore(sb, [mac.statePath]);
    expect(scanSandbox(sb)).toEqual([]);
  });

  it("the plan shows the Keychain item; --dry-run stores nothing and writes nothing", async () => {
    const dry = await runInProcess(
      [
        "setup",
        "--dry-run",
        "--key-storage",
        "keychain",
        "--models",
        "anthropic/claude-sonnet-4.5",
        "--egress",
        "none",
        "--api-key-file",
        keyFile,
      ],
      sb.env,
    );
    expect(dry.exitCode, dry.stderr).toBe(0);
    // The plan is wrapped to 80 columns (no terminal): compared with its line breaks as spaces.
    expect(flat(dry.stdout)).toContain(`create login Keychain: service=claude-desktop-openrouter account=${ENTRY_ID}`);
    expect(flat(dry.stdout)).toContain("The key goes here; the settings name a helper that reads it.");
    expect(flat(dry.stdout)).toContain(`create ${helperPath()}`);
    expect(mac.keychainItems()).toEqual([]);
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(helperPath())).toBe(false);

    await setupKeychain();
    const revert = await runInProcess(["revert", "--dry-run"], sb.env);
    expect(flat(revert.stdout)).toContain(`delete login Keychain: service=claude-desktop-openrouter account=${ENTRY_ID}`);
    expect(flat(revert.stdout)).toContain("The key is removed from here, after the settings.");
    expect(mac.keychainItems()).toHaveLength(1);
  });

  it("status, show and doctor read the key through the Keychain; a second run changes nothing", async () => {
    await setupKeychain();
    fake.reset();
    const status = await runInProcess(["status", "--json"], sb.env);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({ source: "config", storage: "keychain", key: { masked: "sk-or-v1-012...cdef" } });
    expect(fake.requests.find((q) => q.path === "/api/v1/key")?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);

    const show = await runInProcess(["show", "--json"], sb.env);
    expect(show.json()).toMatchObject({ key: { source: "keychain", masked: "sk-or-v1-012...cdef", helper: helperPath(), problem: null } });
    const shown = await runInProcess(["show"], sb.env);
    expect(shown.stdout).toMatch(/Key\s+sk-or-v1-012\.\.\.cdef \(the login Keychain\)/);

    fake.reset();
    const doctor = await runInProcess(["doctor", "--json"], sb.env);
    const checks = doctor.json<{ checks: { id: string; status: string; detail: string; data?: Record<string, unknown> }[] }>().checks;
    const byId = (id: string) => checks.find((c) => c.id === id)!;
    expect(byId("config.api-key")).toMatchObject({ status: "ok", data: { source: "keychain", helper: helperPath() } });
    expect(byId("config.api-key").detail).toBe("sk-or-v1-012...cdef (the login Keychain)");
    expect(byId("openrouter.key").status).toBe("ok");
    expect(fake.requests.filter((q) => q.path === "/api/v1/key").map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_KEY}`]);
    // The helper ran as the app's setup test runs it.
    expect(securityCalls().at(-1)?.env.CLAUDE_HELPER_CONTEXT).toBe("setup-test");

    const adds = () => securityCalls().filter((c) => c.args[0] === "-i").length;
    const before = adds();
    const again = await setupKeychain();
    expect(again.json()).toMatchObject({ changed: false });
    expect(adds()).toBe(before);
  });

  it("revert removes the entry first, then the helper, and the Keychain item last", async () => {
    await setupKeychain();
    const run = await runInProcess(["revert", "--yes", "--json"], sb.env);
    expect(run.exitCode, run.stderr).toBe(0);
    const files = run.json<{ files: { path: string; kind: string; action: string }[] }>().files;
    const kinds = files.map((f) => f.kind);
    expect(kinds.indexOf("entry")).toBeLessThan(kinds.indexOf("helper"));
    expect(kinds.indexOf("helper")).toBeLessThan(kinds.indexOf("keychain"));
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(helperPath())).toBe(false);
    expect(mac.keychainItems()).toEqual([]);
    // When the item went, the entry naming its helper was already gone.
    expect(
      mac
        .events()
        .filter((e) => e.tool === "security")
        .at(-1),
    ).toMatchObject({ request: "delete-generic-password", watchedExisted: false });
  });

  it("revert says so when the Keychain item cannot be removed, and leaves nothing pointing at it", async () => {
    await setupKeychain();
    mac.setKeychain({ locked: true });
    const run = await runInProcess(["revert", "--yes", "--json"], sb.env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(helperPath())).toBe(false);
    const warning = run.json<{ warnings: { code: string; message: string }[] }>().warnings.find((w) => w.code === "keychain.remove-failed");
    expect(warning?.message).toContain("User interaction is not allowed");
    expect(warning?.message).toContain(`${security()} delete-generic-password -s claude-desktop-openrouter -a ${ENTRY_ID}`);
    expect(mac.keychainItems()).toHaveLength(1);
    expectKeyOnlyInStore(sb, [mac.statePath]);
  });

  it("--key-storage file puts the key back in the entry, removes the helper keys, the helper and the item", async () => {
    await setupKeychain();
    const run = await runInProcess(
      ["setup", "--yes", "--key-storage", "file", "--models", "anthropic/claude-sonnet-4.5", "--egress", "none", "--api-key-file", keyFile],
      sb.env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    allowKeyInEntry(sb);
    const written = entry();
    expect(written.inferenceCredentialKind).toBe("static");
    expect(written.inferenceGatewayApiKey === TEST_KEY).toBe(true);
    for (const key of ["inferenceCredentialHelper", "inferenceCredentialHelperWindows", "inferenceCredentialHelperTtlSec"])
      expect(written).not.toHaveProperty(key);
    expect(existsSync(helperPath())).toBe(false);
    expect(mac.keychainItems()).toEqual([]);
  });

  it("moving the key out of the entry: its earlier copy stays only in the backup set of that move", async () => {
    const first = await runInProcess(
      [...SETUP.slice(0, 3), "--models", "anthropic/claude-sonnet-4.5", "--egress", "none", "--api-key-file", keyFile],
      sb.env,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const move = await setupKeychain();
    const set = move.json<{ backup: { path: string } }>().backup.path;
    const leftovers = scanSandbox(sb);
    expect(leftovers.length).toBeGreaterThan(0);
    expect(leftovers.every((path) => path.startsWith(`${set}/files/`))).toBe(true);
    expect(entry()).not.toHaveProperty("inferenceGatewayApiKey");
    // A later change makes a set without the key.
    const later = await runInProcess([...SETUP, "--egress", "dev", "--api-key-file", keyFile], sb.env);
    expect(later.exitCode, later.stderr).toBe(0);
    expect(scanSandbox(sb).every((path) => path.startsWith(`${set}/files/`))).toBe(true);
    rmSync(set, { recursive: true });
    expect(scanSandbox(sb)).toEqual([]);
  }, 60_000);

  it("revert --backup brings the helper back executable", async () => {
    await setupKeychain();
    const back = await runInProcess(
      [
        "setup",
        "--yes",
        "--json",
        "--key-storage",
        "file",
        "--models",
        "anthropic/claude-sonnet-4.5",
        "--egress",
        "none",
        "--api-key-file",
        keyFile,
      ],
      sb.env,
    );
    expect(back.exitCode, back.stderr).toBe(0);
    allowKeyInEntry(sb);
    expect(existsSync(helperPath())).toBe(false);
    const id = back.json<{ backup: { id: string } }>().backup.id;
    const run = await runInProcess(["revert", "--yes", "--backup", id, "--json"], sb.env);
    expect(run.exitCode, run.stderr).toBe(0);
    const kinds = run.json<{ files: { path: string; kind: string }[] }>().files.map((f) => [basename(f.path), f.kind]);
    expect(kinds).toContainEqual(["keychain-helper.sh", "helper"]);
    expect(kinds).toContainEqual([`${ENTRY_ID}.json`, "entry"]);
    expect(statSync(helperPath()).mode & 0o777).toBe(0o700);
    expect(entry().inferenceCredentialHelper).toBe(helperPath());
  });

  it("setup without --key-storage keeps the key where our entry keeps it (a script re-run does not move it back)", async () => {
    await setupKeychain();
    const run = await runInProcess(
      ["setup", "--yes", "--json", "--models", "anthropic/claude-sonnet-4.5", "--egress", "dev", "--api-key-file", keyFile],
      sb.env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ changed: true, key: { storage: "keychain" } });
    expect(entry()).not.toHaveProperty("inferenceGatewayApiKey");
    expectKeyOnlyInStore(sb, [mac.statePath]);
  });

  it("a new key replaces the item's password; a failed write puts the old one back", async () => {
    const other = join(sb.dir, "other.txt");
    sb.write(other, OTHER_KEY);
    expectKeyIn(other);
    await setupKeychain(other, ["--skip-key-check"]);
    expect(mac.keychainItems()[0]?.password === OTHER_KEY).toBe(true);
    const entryBytes = readFileSync(sb.paths.entry);
    // The commit fails writing the entry: the files are rolled back, and so is the Keychain.
    const failing = (real: FileSystem): FileSystem => ({
      ...real,
      rename: async (from, to) => {
        if (String(to) === sb.paths.entry) throw Object.assign(new Error("EIO: injected"), { code: "EIO" });
        return real.rename(from, to);
      },
    });
    // A new model so that the entry changes too.
    const run = await runInProcess(
      [...SETUP.slice(0, -4), "--models", "anthropic/claude-opus-4.1", "--egress", "dev", "--api-key-file", keyFile],
      sb.env,
      {
        fs: failing,
      },
    );
    expect(run.exitCode).toBe(1);
    expect(readFileSync(sb.paths.entry).equals(entryBytes)).toBe(true);
    expect(mac.keychainItems()[0]?.password === OTHER_KEY).toBe(true);
  });

  it("a first setup that fails leaves no item behind", async () => {
    const failing = (real: FileSystem): FileSystem => ({
      ...real,
      rename: async (from, to) => {
        if (String(to).endsWith("_meta.json")) throw Object.assign(new Error("EIO: injected"), { code: "EIO" });
        return real.rename(from, to);
      },
    });
    const run = await runInProcess([...SETUP, "--api-key-file", keyFile], sb.env, { fs: failing });
    expect(run.exitCode).toBe(1);
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(helperPath())).toBe(false);
    expect(mac.keychainItems()).toEqual([]);
  });

  it("a key with quotes and backslashes reaches the Keychain exactly as given (quoted for security's parser)", async () => {
    const odd = `sk-or-v1-"quoted"\\back'slash\\"`;
    const file = join(sb.dir, "odd.txt");
    writeFileSync(file, odd);
    const run = await runInProcess([...SETUP, "--skip-key-check", "--api-key-file", file], sb.env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(mac.keychainItems().map((i) => i.password)).toEqual([odd]);
    expect(runHelperAsApp().stdout.trim()).toBe(odd);
  });

  it("no keychain here: setup --yes fails with the hint to keep the key in the file, and writes nothing", async () => {
    mac.setKeychain({ available: false });
    const run = await runInProcess([...SETUP, "--api-key-file", keyFile], sb.env);
    expect(run.exitCode).toBe(1);
    const error = run.json<{ error: { code: string; message: string; hint: string } }>().error;
    expect(error.code).toBe("keychain.unavailable");
    expect(error.message).toContain("the login Keychain did not answer");
    expect(error.hint).toContain("--key-storage file");
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(helperPath())).toBe(false);
  });

  it("a locked keychain: setup stops before writing any file, naming the lock", async () => {
    mac.setKeychain({ locked: true });
    const run = await runInProcess([...SETUP, "--api-key-file", keyFile], sb.env);
    expect(run.exitCode).toBe(1);
    const error = run.json<{ error: { code: string; hint: string } }>().error;
    expect(error.code).toBe("keychain.locked");
    expect(error.hint).toContain("Unlock");
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(helperPath())).toBe(false);
  });
});

describe("doctor on the credential helper (simulated Mac)", () => {
  beforeEach(async () => {
    await setupKeychain();
  });

  it("the keychain item is missing: run setup again", async () => {
    spawnSync(security(), ["delete-generic-password", "-s", "claude-desktop-openrouter", "-a", ENTRY_ID]);
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "item-missing" } });
    expect(check.detail).toContain("the keychain item is missing");
    expect(check.fix).toContain("setup --key-storage keychain");
    const helper = runHelperAsApp();
    expect(helper.status).toBe(4);
    expect(helper.stderr).toContain("the keychain item is missing");
  });

  it("the keychain is locked: unlock it", async () => {
    mac.setKeychain({ locked: true });
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "locked" } });
    expect(check.detail).toContain("the login Keychain is locked");
    expect(check.fix).toContain("Unlock");
    expect(runHelperAsApp().status).toBe(3);
    // openrouter.key depends on it and is skipped, with no request made.
    fake.reset();
    const full = await runInProcess(["doctor", "--json"], sb.env);
    expect(full.json<{ checks: { id: string; status: string }[] }>().checks.find((c) => c.id === "openrouter.key")?.status).toBe("skip");
    expect(fake.requests.filter((q) => q.path === "/api/v1/key")).toEqual([]);
  });

  it("the helper is not executable", async () => {
    chmodSync(helperPath(), 0o600);
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "not-executable" } });
    expect(check.detail).toContain("not executable");
    expect(check.fix).toContain(`chmod 700 ${helperPath()}`);
  });

  it("other users can write the helper", async () => {
    chmodSync(helperPath(), 0o722);
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "writable" } });
    expect(check.detail).toContain("others can change the credential helper");
    expect(check.fix).toContain(`chmod 700 ${helperPath()}`);
  });

  it("the helper is missing", async () => {
    rmSync(helperPath());
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "file-missing" } });
    expect(check.detail).toBe(`the credential helper is missing: ${helperPath()}: no such file or folder`);
    expect(check.fix).toContain("setup --key-storage keychain");
  });

  it("the store tool is gone: the keychain did not answer", async () => {
    rmSync(security());
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "unavailable" } });
    expect(check.detail).toContain("the login Keychain did not answer");
  });

  it("the helper gives no answer within its timeout", async () => {
    sb.write(sb.paths.entry, { ...entry(), inferenceCredentialHelperTimeoutSec: 1 });
    // A helper whose own child would answer (write `done`) after 10 s, holding its output open.
    const done = join(sb.dir, "helper-done");
    const child = join(sb.dir, "helper-child.pid");
    writeFileSync(helperPath(), `#!/bin/sh\n( sleep 10; : > '${done}' ) &\necho $! > '${child}'\nwait\n`);
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "timeout" } });
    expect(check.detail).toContain("no answer within 1 s");
    // Stopped at its timeout, child and all: nothing of it lived on to finish its work.
    expect(existsSync(done)).toBe(false);
    const pid = readFileSync(child, "utf8").trim();
    const state = existsSync(`/proc/${pid}/stat`)
      ? (/^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1] ?? "")
      : "gone";
    expect(["gone", "Z", "X"]).toContain(state);
  });

  it("a helper that fails without a word: the exit code in a sentence", async () => {
    writeFileSync(helperPath(), "#!/bin/sh\nexit 7\n");
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "failed" } });
    expect(check.detail).toBe(`the credential helper failed: ${helperPath()} ended with exit code 7`);
  });

  it("the helper prints no token", async () => {
    writeFileSync(helperPath(), "#!/bin/sh\nexit 0\n");
    const check = await doctorApiKey();
    expect(check).toMatchObject({ status: "error", data: { problem: "no-token" } });
  });

  it("a helper that prints another kind of token fails the shape check like a key in the entry", async () => {
    writeFileSync(helperPath(), `#!/bin/sh\nprintf '{"token": "sk-ant-api03-abc"}'\n`);
    const check = await doctorApiKey();
    expect(check.status).toBe("error");
    expect(check.detail).toContain("Anthropic");
  });
});
