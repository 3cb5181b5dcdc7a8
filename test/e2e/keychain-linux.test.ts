// The key in a real Secret Service: GNOME Keyring in a D-Bus session of its own, the keyring under
// the sandbox's HOME, unlocked without a person. The built CLI (simulated Linux, fake system root
// with the real /usr/bin/secret-tool linked in) stores the key with secret-tool; the helper it
// writes is run exactly as Claude Desktop runs it (no arguments, CLAUDE_HELPER_CONTEXT, nothing in
// its environment but the session bus) and prints the key; doctor is clean; revert removes the
// item and the helper. Never skipped: without the Debian packages the test fails, naming them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installApp, type DoctorJson } from "../helpers/doctor.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, ENTRY_ID, expectKeyOnlyInStore, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";
import { requireSecretServiceTools, type SecretService, startSecretService } from "../helpers/secret-service.js";
import { scanSandbox } from "../setup/secrets.js";

const fake = useFakeOpenRouter();
const ITEM = ["service", "claude-desktop-openrouter", "account", ENTRY_ID];

let sb: Sandbox | undefined;
let session: SecretService | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
  sb?.cleanup();
  sb = undefined;
});

function machine(): { sb: Sandbox; keyFile: string; helper: string } {
  requireSecretServiceTools();
  const box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  sb = box;
  installApp(box);
  // The tool runs system tools under the fake root: the real secret-tool is linked in there.
  mkdirSync(join(box.root, "usr", "bin"), { recursive: true });
  symlinkSync("/usr/bin/secret-tool", join(box.root, "usr", "bin", "secret-tool"));
  const keyFile = join(box.dir, "key.txt");
  box.write(keyFile, `${TEST_KEY}\n`);
  return { sb: box, keyFile, helper: join(box.paths.stateDir, "keychain-helper.sh") };
}

async function start(box: Sandbox, unlock = true): Promise<SecretService> {
  session = await startSecretService(box, { unlock });
  return session;
}

async function stop(): Promise<void> {
  await session?.stop();
  session = undefined;
}

/** The helper as Claude Desktop runs it: no arguments, CLAUDE_HELPER_CONTEXT, and only the session bus besides. */
function runAsApp(helper: string, bus: string) {
  return spawnSync(helper, [], {
    env: { CLAUDE_HELPER_CONTEXT: "interactive", DBUS_SESSION_BUS_ADDRESS: bus },
    encoding: "utf8",
    timeout: 20_000,
  });
}

function lookup(bus: string) {
  return spawnSync("/usr/bin/secret-tool", ["lookup", ...ITEM], {
    env: { DBUS_SESSION_BUS_ADDRESS: bus },
    encoding: "utf8",
    timeout: 20_000,
  });
}

const SETUP = ["setup", "--yes", "--json", "--key-storage", "keychain", "--models", "anthropic/claude-sonnet-4.5", "--egress", "dev"];

describe("the key in a real Secret Service (GNOME Keyring over D-Bus)", () => {
  it("setup stores it; the helper prints it as the app runs it; doctor is clean; revert removes the item and the helper", async () => {
    const { sb: box, keyFile, helper } = machine();
    const service = await start(box);
    const env = { env: { DBUS_SESSION_BUS_ADDRESS: service.address } };

    const setup = await box.run([...SETUP, "--api-key-file", keyFile], env);
    expect(setup.exitCode, setup.stderr).toBe(0);
    expect(setup.json()).toMatchObject({ key: { storage: "keychain" } });
    const entry = box.readJson<Record<string, unknown>>(box.paths.entry);
    expect(entry).not.toHaveProperty("inferenceGatewayApiKey");
    expect(entry).toMatchObject({ inferenceCredentialKind: "helper-script", inferenceCredentialHelper: helper });
    expect(statSync(helper).mode & 0o777).toBe(0o700);
    expect(readFileSync(helper, "utf8")).toContain(`tool='${join(box.root, "usr", "bin", "secret-tool")}'`);
    // The keyring file is encrypted: nothing under the simulated home holds the key, backups included.
    expectKeyOnlyInStore(box);
    expect(scanSandbox(box)).toEqual([]);
    expect(existsSync(join(box.home, ".local", "share", "keyrings"))).toBe(true);

    const printed = runAsApp(helper, service.address);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout.trim() === TEST_KEY).toBe(true);

    fake.reset();
    const doctor = await box.run(["doctor", "--json"], env);
    const doc = doctor.json<DoctorJson>();
    expect(
      doc.checks.filter((c) => c.status === "error"),
      doctor.stdout,
    ).toEqual([]);
    expect(doctor.exitCode).toBe(0);
    expect(doc.checks.find((c) => c.id === "config.api-key")).toMatchObject({ status: "ok", data: { source: "keychain" } });
    expect(doc.checks.find((c) => c.id === "openrouter.key")?.status).toBe("ok");
    expect(fake.requests.filter((q) => q.path === "/api/v1/key").map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_KEY}`]);

    const revert = await box.run(["revert", "--yes"], env);
    expect(revert.exitCode, revert.stderr).toBe(0);
    expect(existsSync(box.paths.entry)).toBe(false);
    expect(existsSync(helper)).toBe(false);
    const gone = lookup(service.address);
    expect(gone.status).toBe(1);
    expect(gone.stdout).toBe("");
  });

  it("a locked keyring: the helper says so (exit 3), doctor and status name the lock and its fix; unlocked, the key is back", async () => {
    const { sb: box, keyFile, helper } = machine();
    const first = await start(box);
    const setup = await box.run([...SETUP, "--api-key-file", keyFile], { env: { DBUS_SESSION_BUS_ADDRESS: first.address } });
    expect(setup.exitCode, setup.stderr).toBe(0);
    expectKeyOnlyInStore(box);
    await stop();

    // A new session whose keyring nobody unlocked.
    const locked = await start(box, false);
    const env = { env: { DBUS_SESSION_BUS_ADDRESS: locked.address } };
    const printed = runAsApp(helper, locked.address);
    expect(printed.status).toBe(3);
    expect(printed.stdout).toBe("");
    expect(printed.stderr).toContain("the Secret Service is locked");
    const doctor = await box.run(["doctor", "--json", "--offline", "--check", "config.api-key"], env);
    const check = doctor.json<DoctorJson>().checks[0]!;
    expect(check).toMatchObject({ status: "error", data: { problem: "locked" } });
    expect(check.detail).toContain("is locked");
    expect(check.fix).toContain("Unlock");
    const status = await box.run(["status", "--json"], env);
    expect(status.exitCode).toBe(1);
    expect(status.json<{ error: { code: string } }>().error.code).toBe("keychain.locked");
    await stop();

    const unlocked = await start(box);
    expect(runAsApp(helper, unlocked.address).stdout.trim() === TEST_KEY).toBe(true);
  });

  it("no Secret Service on the session: setup --yes --key-storage keychain fails with the hint and writes nothing", async () => {
    const { sb: box, keyFile, helper } = machine();
    const run = await box.run([...SETUP, "--api-key-file", keyFile]);
    expect(run.exitCode).toBe(1);
    const error = run.json<{ error: { code: string; message: string; hint: string } }>().error;
    expect(error.code).toBe("keychain.unavailable");
    expect(error.message).toContain("did not answer");
    expect(error.hint).toContain("--key-storage file");
    expect(existsSync(box.paths.entry)).toBe(false);
    expect(existsSync(helper)).toBe(false);
  });

  it("no secret-tool at all: the reason names the missing program and its package, in Chinese too", async () => {
    const box = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    sb = box;
    const keyFile = join(box.dir, "key.txt");
    box.write(keyFile, `${TEST_KEY}\n`);
    const tool = join(box.root, "usr", "bin", "secret-tool");
    const en = (await box.run([...SETUP, "--api-key-file", keyFile])).json<{ error: { code: string; message: string } }>().error;
    expect(en.code).toBe("keychain.unavailable");
    expect(en.message).toContain(`${tool} is missing (install the libsecret-tools package)`);
    const zh = (await box.run([...SETUP, "--api-key-file", keyFile, "--lang", "zh-CN"])).json<{ error: { message: string } }>().error;
    expect(zh.message).toContain(`缺少 ${tool}（请安装 libsecret-tools 软件包）`);
    expect(zh.message).not.toMatch(/not found|install /);
    expect(existsSync(box.paths.entry)).toBe(false);
  });
});
