// The suite-wide secrets check itself: it must catch a leak, or it proves nothing.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSandbox, ENTRY_ID, TEST_KEY } from "../helpers/sandbox.js";
import { SIGN_IN_KEY } from "../helpers/fixtures.js";
import { assertNoSecret } from "../helpers/secrets.js";
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
