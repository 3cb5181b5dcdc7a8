// Sign-in acts on the user's OpenRouter account, so it comes last: a dry run creates no key, a key
// store that does not answer (a real GNOME Keyring, locked or without its `login` collection) is
// found before the sign-in, a key this tool made and still holds is reused, and a key created but
// left unused is named with where to delete it. The loopback OpenRouter counts the keys it minted.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { SIGN_IN_KEY } from "../helpers/fixtures.js";
import { ENTRY_ID, useSandboxes, type Sandbox } from "../helpers/sandbox.js";
import { requireSecretServiceTools, type SecretService, startSecretService } from "../helpers/secret-service.js";
import { followerBrowser } from "../helpers/sign-in.js";

const fake = useFakeOpenRouter();
const sandbox = useSandboxes();
let session: SecretService | undefined;
afterEach(async () => {
  fake.reset();
  await session?.stop();
  session = undefined;
});

/** Keys the fake OpenRouter created: every successful code exchange. */
function minted(): number {
  return fake.requests.filter((q) => q.method === "POST" && q.path === "/api/v1/auth/keys").length;
}

function signInBox(): { box: Sandbox; browser: Record<string, string> } {
  const box = sandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  return { box, browser: { BROWSER: followerBrowser(join(box.dir, "visits.jsonl")) } };
}

const OPTIONS = ["--models", "anthropic/claude-sonnet-4.5", "--egress", "none"];

describe("sign-in creates a key only when the user agreed, and once", () => {
  it("a dry run names the key it would create and creates none", async () => {
    const { box, browser } = signInBox();
    const r = await box.run(["setup", "--login", "--dry-run", ...OPTIONS], { env: browser });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(minted()).toBe(0);
    expect(fake.requests.some((q) => q.path === "/auth")).toBe(false);
    expect(r.stderr).toMatch(/Sign-in will create a key named "Claude Desktop on .+" on your OpenRouter account, without a spending cap/);
    expect(r.stdout).toMatch(/Sign-in would create a key named "Claude Desktop on .+": no key was created\./);
    const json = await box.run(["setup", "--login", "--dry-run", "--json", ...OPTIONS], { env: browser });
    expect(json.json<{ key: { signIn: unknown } }>().key.signIn).toMatchObject({ state: "planned", limit: null });
    expect(minted()).toBe(0);
  });

  it("the label and the cap reach OpenRouter's authorisation; the next --login reuses the key instead of creating another", async () => {
    const { box, browser } = signInBox();
    const r = await box.run(["setup", "--login", "--yes", "--key-limit", "20", "--key-limit-reset", "weekly", ...OPTIONS], {
      env: browser,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const auth = fake.requests.find((q) => q.path === "/auth")!;
    expect(auth.query.get("key_label")).toMatch(/^Claude Desktop on .+ \(claude-desktop-openrouter\)$/);
    expect(auth.query.get("limit")).toBe("20");
    expect(auth.query.get("usage_limit_type")).toBe("weekly");
    expect(minted()).toBe(1);
    // Read back from OpenRouter: the key got its cap, so nothing to warn about.
    expect(r.stderr).not.toContain("did not apply the spending cap");
    const again = await box.run(["setup", "--login", "--yes", "--json", ...OPTIONS], { env: browser });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(minted()).toBe(1);
    expect(again.json<{ key: { signIn: unknown } }>().key.signIn).toMatchObject({ state: "reused", label: auth.query.get("key_label") });
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
    // status and show name the key as the account lists it.
    const status = await box.run(["status"]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(`"${auth.query.get("key_label")}" on https://openrouter.ai/settings/keys (made by sign-in)`);
    expect((await box.run(["show"])).stdout).toContain(`"${auth.query.get("key_label")}" on https://openrouter.ai/settings/keys`);
    // revert takes the key off this machine, not off the account, and says so by name.
    const revert = await box.run(["revert", "--yes"]);
    expect(revert.exitCode, revert.stderr).toBe(0);
    expect(revert.stdout).toContain(
      `The key "${auth.query.get("key_label")}" that sign-in created still exists on your OpenRouter account: delete it at https://openrouter.ai/settings/keys`,
    );
  });

  it("a cap the new key did not get is said, with where to set it", async () => {
    const { box, browser } = signInBox();
    fake.oauth.applyCap = false;
    const r = await box.run(["setup", "--login", "--yes", "--key-limit", "5", ...OPTIONS], { env: browser });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "OpenRouter did not apply the spending cap of $5 to the new key: set it at https://openrouter.ai/settings/keys.",
    );
  });

  it("--key-limit without --login, or not an amount, is a usage error before anything happens", async () => {
    const { box } = signInBox();
    expect((await box.run(["setup", "--yes", "--key-limit", "5", ...OPTIONS])).exitCode).toBe(2);
    expect((await box.run(["setup", "--yes", "--login", "--key-limit", "lots", ...OPTIONS])).exitCode).toBe(2);
    expect(fake.requests).toHaveLength(0);
  });

  it("a directory setup must write in that takes no file stops the run before the sign-in: no key", async () => {
    const { box, browser } = signInBox();
    // Claude Desktop's settings library is a plain file here: nothing can be created inside it.
    mkdirSync(box.paths.dataDir, { recursive: true });
    writeFileSync(join(box.paths.dataDir, "configLibrary"), "not a directory");
    const r = await box.run(["setup", "--login", "--yes", "--json", ...OPTIONS], { env: browser });
    expect(r.exitCode).toBe(1);
    expect(r.json<{ error: { code: string } }>().error.code).toMatch(/^(config\.not-a-file|files\.unwritable)$/);
    expect(fake.requests.some((q) => q.path === "/auth")).toBe(false);
    expect(minted()).toBe(0);
  });

  it("a key created and then not used (its check fails) is named, with where to delete it", async () => {
    const { box, browser } = signInBox();
    fake.routes["GET /api/v1/key"] = { status: 500, body: { error: { code: 500, message: "Internal Server Error" } } };
    const r = await box.run(["setup", "--login", "--yes", ...OPTIONS], { env: browser });
    expect(r.exitCode).not.toBe(0);
    expect(minted()).toBe(1);
    expect(r.stderr).toMatch(
      /A key named "Claude Desktop on .+ \(claude-desktop-openrouter\)" was created on your OpenRouter account but nothing uses it: delete it at https:\/\/openrouter\.ai\/settings\/keys/,
    );
  });
});

describe("a key store that does not answer is found before the sign-in (real GNOME Keyring)", () => {
  function keyringBox(): { box: Sandbox; browser: Record<string, string> } {
    requireSecretServiceTools();
    const made = signInBox();
    mkdirSync(join(made.box.root, "usr", "bin"), { recursive: true });
    symlinkSync("/usr/bin/secret-tool", join(made.box.root, "usr", "bin", "secret-tool"));
    return made;
  }

  async function failsBeforeSignIn(box: Sandbox, browser: Record<string, string>, bus: string, said: RegExp): Promise<void> {
    const env = { ...browser, DBUS_SESSION_BUS_ADDRESS: bus };
    const r = await box.run(["setup", "--login", "--yes", "--json", "--key-storage", "keychain", ...OPTIONS], { env });
    expect(r.exitCode).toBe(1);
    const error = r.json<{ error: { code: string; message: string } }>().error;
    expect(error.message, JSON.stringify(error)).toMatch(said);
    expect(fake.requests.some((q) => q.path === "/auth")).toBe(false);
    expect(minted()).toBe(0);
    // The retry the error suggests creates the one key.
    const retry = await box.run(["setup", "--login", "--yes", "--key-storage", "file", ...OPTIONS], { env });
    expect(retry.exitCode, retry.stderr).toBe(0);
    expect(minted()).toBe(1);
  }

  it("locked: no sign-in, no key; the retry with the file creates exactly one", async () => {
    const { box, browser } = keyringBox();
    // A keyring made (and unlocked) once, then a new session nobody unlocked.
    session = await startSecretService(box, { unlock: true });
    const made = spawnSync("/usr/bin/secret-tool", ["store", "--label=other", "service", "other", "account", "other"], {
      env: { DBUS_SESSION_BUS_ADDRESS: session.address },
      input: "other",
      timeout: 20_000,
    });
    expect(made.status).toBe(0);
    await session.stop();
    session = await startSecretService(box, { unlock: false });
    await failsBeforeSignIn(box, browser, session.address, /locked collection/);
  });

  it("unlocked: the probe leaves no item behind, and the key sign-in creates after the confirmation goes into the store", async () => {
    const { box, browser } = keyringBox();
    session = await startSecretService(box, { unlock: true });
    const env = { ...browser, DBUS_SESSION_BUS_ADDRESS: session.address };
    const r = await box.run(["setup", "--login", "--yes", "--json", "--key-storage", "keychain", ...OPTIONS], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(minted()).toBe(1);
    const entry = box.readJson<Record<string, unknown>>(box.paths.entry);
    expect(entry.inferenceGatewayApiKey).toBeUndefined();
    const lookup = (account: string) =>
      spawnSync("/usr/bin/secret-tool", ["lookup", "service", "claude-desktop-openrouter", "account", account], {
        env: { DBUS_SESSION_BUS_ADDRESS: session!.address },
        encoding: "utf8",
        timeout: 20_000,
      });
    expect(lookup(ENTRY_ID).stdout.trim() === SIGN_IN_KEY).toBe(true);
    expect(lookup("probe").stdout).toBe("");
  });

  it("no `login` collection: no sign-in, no key; the retry with the file creates exactly one", async () => {
    const { box, browser } = keyringBox();
    session = await startSecretService(box, { unlock: false });
    await failsBeforeSignIn(box, browser, session.address, /collection\/login|does not exist/);
  });
});
