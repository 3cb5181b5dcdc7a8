// The suite-wide secrets check itself: it must catch a leak, or it proves nothing.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANAGEMENT_KEY, SIGN_IN_KEY } from "../helpers/fixtures.js";
import { createSandbox, ENTRY_ID, TEST_KEY } from "../helpers/sandbox.js";
import { assertNoSecret, mintedKeys } from "../helpers/secrets.js";
import { checkChild, problemsFor, scanSandbox } from "../setup/secrets.js";

describe("the secrets check", () => {
  it("flags a key in a sandbox file but not in the entry or the backups", () => {
    const sb = createSandbox("linux");
    try {
      sb.write(join(sb.paths.libDir, `${ENTRY_ID}.json`), { inferenceGatewayApiKey: TEST_KEY });
      sb.write(join(sb.paths.stateDir, "backups", "x", "files", "0"), { inferenceGatewayApiKey: TEST_KEY });
      expect(scanSandbox(sb)).toEqual([]);
      // A fake system tool recording its environment: written by "the tool", not by the test.
      writeFileSync(join(sb.root, "recorded-env.log"), `OPENROUTER_API_KEY=${TEST_KEY}\n`);
      expect(scanSandbox(sb)).toEqual([join(sb.root, "recorded-env.log")]);
      rmSync(join(sb.root, "recorded-env.log"));
    } finally {
      sb.cleanup();
    }
  });

  it("allows the CLI's documented inputs and flags any other child argv/env", () => {
    expect(problemsFor(() => checkChild("/usr/bin/node", ["bin/claude-desktop-openrouter.js"], { OPENROUTER_API_KEY: TEST_KEY }))).toEqual(
      [],
    );
    expect(problemsFor(() => checkChild("/usr/bin/node", ["bin/claude-desktop-openrouter.js", "--api-key", TEST_KEY], {}))).toEqual([]);
    expect(problemsFor(() => checkChild("/usr/bin/osascript", ["-e", TEST_KEY], {}))).toHaveLength(1);
    expect(problemsFor(() => checkChild("/usr/bin/open", [], { SOMETHING: TEST_KEY }))).toHaveLength(1);
    expect(problemsFor(() => checkChild("/usr/bin/node", ["bin/claude-desktop-openrouter.js"], { FOO: TEST_KEY }))).toHaveLength(1);
  });

  it("wraps child_process for ESM importers, keeping promisified execFile's shape", async () => {
    expect((spawnSync as unknown as { __secretsWrapped?: boolean }).__secretsWrapped).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", "process.stdout.write('hi')"]);
    expect(stdout).toBe("hi");
    expect(
      problemsFor(() => void promisify(execFile)(process.execPath, ["-e", "0"], { env: { X: TEST_KEY } }).catch(() => undefined)),
    ).toHaveLength(1);
  });

  it("covers the management key and every minted key: a minted key only in its own member's rollout file", () => {
    const sb = createSandbox("linux");
    const alice = `sk-or-v1-${"1234abcd".repeat(8)}`;
    mintedKeys.set(alice, "Claude Desktop – alice");
    try {
      const out = join(sb.dir, "rollout");
      sb.write(join(out, "manifest.json"), { members: {} });
      sb.write(join(out, "alice.json"), { inferenceGatewayApiKey: alice });
      sb.write(join(out, ".alice.reg.staged"), alice);
      expect(scanSandbox(sb)).toEqual([]);
      // In another member's file, in the manifest, or in a directory without a team manifest: a leak.
      writeFileSync(join(out, "bob.json"), alice);
      writeFileSync(join(out, "manifest.json"), JSON.stringify({ label: alice }));
      writeFileSync(join(sb.dir, "alice.json"), alice);
      expect(scanSandbox(sb).sort()).toEqual([join(out, "bob.json"), join(out, "manifest.json"), join(sb.dir, "alice.json")].sort());
      rmSync(join(out, "bob.json"));
      rmSync(join(sb.dir, "alice.json"));
      writeFileSync(join(out, "manifest.json"), "{}");
      // The management key in any file, even a member's; a .reg file is UTF-16LE.
      writeFileSync(join(out, "alice.reg"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`"k"="${MANAGEMENT_KEY}"`, "utf16le")]));
      expect(scanSandbox(sb)).toEqual([join(out, "alice.reg")]);
      rmSync(join(out, "alice.reg"));
    } finally {
      sb.cleanup();
      mintedKeys.delete(alice);
    }
  });

  it("lets the management key reach the CLI only through OPENROUTER_MANAGEMENT_KEY, and a minted key never", () => {
    const minted = `sk-or-v1-${"5678ef90".repeat(8)}`;
    mintedKeys.set(minted, "Claude Desktop – bob");
    try {
      const cli = ["bin/claude-desktop-openrouter.js"];
      expect(problemsFor(() => checkChild("/usr/bin/node", cli, { OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY }))).toEqual([]);
      expect(problemsFor(() => checkChild("/usr/bin/node", cli, { OTHER: MANAGEMENT_KEY }))).toHaveLength(1);
      expect(problemsFor(() => checkChild("/usr/bin/node", cli, { OPENROUTER_API_KEY: minted }))).toHaveLength(1);
      expect(problemsFor(() => checkChild("/usr/bin/osascript", ["-e", minted], {}))).toHaveLength(1);
      expect(() => assertNoSecret(`label ${minted}`, "stdout")).toThrow();
      expect(() => assertNoSecret(`x ${MANAGEMENT_KEY.slice(9, 41)} y`, "stderr")).toThrow();
    } finally {
      mintedKeys.delete(minted);
    }
  });

  it("covers the key minted by signing in as well", () => {
    expect(() => assertNoSecret(`key: ${SIGN_IN_KEY}`, "output")).toThrow(/API key appeared/);
    expect(problemsFor(() => checkChild("/usr/bin/xdg-open", [SIGN_IN_KEY], {}))).toHaveLength(1);
    const sb = createSandbox("linux");
    try {
      writeFileSync(join(sb.root, "opener.log"), `ARG ${SIGN_IN_KEY}\n`);
      expect(scanSandbox(sb)).toEqual([join(sb.root, "opener.log")]);
      rmSync(join(sb.root, "opener.log"));
    } finally {
      sb.cleanup();
    }
  });
});
