// The wizard's key-storage question on a simulated Mac, prompts on @inquirer/testing's screen: the
// keychain is recommended where the store answers, "keep the current key" reads the key from it,
// and where it does not answer the wizard says so and keeps the key in the file without asking
// (with a real GNOME Keyring too: locked, or without its `login` collection).
import { screen } from "@inquirer/testing/vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { requireSecretServiceTools, type SecretService, startSecretService } from "../helpers/secret-service.js";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeMachine, fakeMac } from "../helpers/fake-os.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { interactive, runInProcess } from "../helpers/in-process.js";
import { allowKeyInEntry, createSandbox, expectKeyOnlyInStore, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

function mac(): { sb: Sandbox; mac: FakeMachine } {
  sb = createSandbox("darwin", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  return { sb, mac: fakeMac(sb) };
}

const ARGS = ["setup", "--models", "anthropic/claude-sonnet-4.5", "--egress", "none"];

describe("the wizard's key-storage question", () => {
  it("recommends the login Keychain; the key goes there and the entry names the helper", async () => {
    const { sb, mac: machine } = mac();
    const run = runInProcess(ARGS, { ...sb.env, OPENROUTER_API_KEY: TEST_KEY }, interactive);
    await screen.next();
    screen.keypress("enter"); // the key in OPENROUTER_API_KEY
    await screen.next();
    expect(screen.getScreen()).toContain("Where should the key be kept?");
    expect(screen.getScreen()).toMatch(/❯ In the login Keychain \(recommended\)/);
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expectKeyOnlyInStore(sb, [machine.statePath]);
    expect(sb.readJson<Record<string, unknown>>(sb.paths.entry)).not.toHaveProperty("inferenceGatewayApiKey");
    expect(machine.keychainItems().map((i) => i.password === TEST_KEY)).toEqual([true]);
  });

  it('"Keep the current key" reads it from the Keychain; keeping it there changes nothing', async () => {
    const { sb, mac: machine } = mac();
    const first = await runInProcess([...ARGS, "--yes", "--key-storage", "keychain"], { ...sb.env, OPENROUTER_API_KEY: TEST_KEY });
    expect(first.exitCode, first.stderr).toBe(0);
    expectKeyOnlyInStore(sb, [machine.statePath]);
    fake.reset();
    const run = runInProcess(ARGS, sb.env, interactive);
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ Keep the current key \(sk-or-v1-012\.\.\.cdef\)/);
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Where should the key be kept?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Already set up: nothing to change.");
    expect(fake.requests.filter((q) => q.path === "/api/v1/key").map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_KEY}`]);
  });

  it("no keychain here: the wizard says why and keeps the key in the settings file without asking", async () => {
    const { sb, mac: machine } = mac();
    machine.setKeychain({ available: false });
    const run = runInProcess(ARGS, { ...sb.env, OPENROUTER_API_KEY: TEST_KEY }, interactive);
    await screen.next();
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("the login Keychain is not available here");
    expect(r.stderr).toContain("The key stays in the settings file");
    allowKeyInEntry(sb);
    expect(sb.readJson<Record<string, unknown>>(sb.paths.entry).inferenceGatewayApiKey === TEST_KEY).toBe(true);
  });
});

describe("the wizard with a real GNOME Keyring that does not answer", () => {
  let session: SecretService | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  function linux(): Sandbox {
    requireSecretServiceTools();
    sb = createSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    mkdirSync(join(sb.root, "usr", "bin"), { recursive: true });
    symlinkSync("/usr/bin/secret-tool", join(sb.root, "usr", "bin", "secret-tool"));
    return sb;
  }

  it.each([
    ["locked", true, /Cannot create an item in a locked collection/],
    ["without a login collection", false, /collection\/login/],
  ] as const)("%s: never recommended, the wizard says why and keeps the file; nothing is asked about it", async (_case, made, why) => {
    const box = linux();
    if (made) {
      // A keyring made once (unlocked, an item written), then a session nobody unlocked.
      session = await startSecretService(box, { unlock: true });
      const stored = spawnSync("/usr/bin/secret-tool", ["store", "--label=other", "service", "other", "account", "other"], {
        env: { DBUS_SESSION_BUS_ADDRESS: session.address },
        input: "other",
        timeout: 20_000,
      });
      expect(stored.status).toBe(0);
      await session.stop();
    }
    session = await startSecretService(box, { unlock: false });
    const env = { ...box.env, OPENROUTER_API_KEY: TEST_KEY, DBUS_SESSION_BUS_ADDRESS: session.address };
    const run = runInProcess(ARGS, env, interactive);
    await screen.next();
    screen.keypress("enter"); // the key in OPENROUTER_API_KEY
    await screen.next();
    expect(screen.getScreen()).not.toContain("Where should the key be kept?");
    expect(screen.getScreen()).toContain("Write these changes?");
    screen.keypress("enter");
    const r = await run;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("Keychain: the Secret Service is not available here");
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toContain("(recommended)");
    allowKeyInEntry(box);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey === TEST_KEY).toBe(true);
  });
});
