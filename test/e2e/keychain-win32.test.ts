// The key protected with DPAPI on a simulated Windows PC (test/helpers/fake-os.ts): the fake
// PowerShell protects a key read from stdin for the user (its blob never holds the key in clear)
// and reads such a file back. The key reaches PowerShell only on stdin, the entry names the .cmd
// helper and holds no key, every command reads the key back through PowerShell, and revert
// removes the protected file after the entry.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMachine, fakeWindows, powershellScripts } from "../helpers/fake-os.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox, expectKeyOnlyInStore, TEST_KEY, type Sandbox } from "../helpers/sandbox.js";
import { scanSandbox } from "../setup/secrets.js";
import { batchCommandLine, commandLineToArgv } from "../helpers/windows-command-line.js";

const fake = useFakeOpenRouter();

let sb: Sandbox;
let pc: FakeMachine;
let keyFile: string;

beforeEach(() => {
  sb = createSandbox("win32", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  pc = fakeWindows(sb);
  keyFile = join(sb.dir, "key.txt");
  sb.write(keyFile, TEST_KEY);
});
afterEach(() => sb.cleanup());

const cmdPath = () => join(sb.paths.stateDir, "keychain-helper.cmd");

/**
 * Runs the .cmd helper as Claude Desktop does, as far as this machine can: cmd.exe's expansion of
 * its PowerShell line (%~dp0 is the .cmd's folder), split as the program's C runtime does, then
 * that program (the PC's powershell.exe: real pwsh) with the environment an app passes on.
 */
function runHelper(cmd: string) {
  const line = readFileSync(cmd, "utf8")
    .split("\r\n")
    .find((l) => l.includes(" -File "))!;
  const [program, ...args] = commandLineToArgv(batchCommandLine(line, { dp0: `${dirname(cmd)}/`, env: { SystemRoot: "C:\\Windows" } }));
  const result = spawnSync(program!, args, {
    encoding: "utf8",
    env: { PATH: process.env.PATH, SystemRoot: "C:\\Windows", USERPROFILE: sb.home, APPDATA: dirname(dirname(cmd)) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const ps1Path = () => join(sb.paths.stateDir, "keychain-helper.ps1");
const protectedPath = () => join(sb.paths.stateDir, "openrouter-key.dpapi");
const powershell = () => join(sb.root, "Windows", "System32", "WindowsPowerShell", "v1.0", "powershell.exe");
const scripts = () => powershellScripts(pc.tools);

describe("the key protected with DPAPI (simulated Windows, real PowerShell)", { timeout: 180_000 }, () => {
  it("setup protects the key read from stdin, names the .cmd helper and holds no key; status and revert use the same store", async () => {
    const run = await runInProcess(
      [
        "setup",
        "--yes",
        "--json",
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
    expect(run.exitCode, run.stderr).toBe(0);
    expectKeyOnlyInStore(sb);
    const entry = sb.readJson<Record<string, unknown>>(sb.paths.entry);
    expect(entry).not.toHaveProperty("inferenceGatewayApiKey");
    expect(entry).toMatchObject({ inferenceCredentialKind: "helper-script", inferenceCredentialHelper: cmdPath() });
    // A simulated machine's paths are not drive-letter paths: the Windows-only key is left out.
    expect(entry).not.toHaveProperty("inferenceCredentialHelperWindows");

    // PowerShell read the key from stdin: the script says so, and no argument holds the key.
    const protect = scripts().find((s) => s.includes("ConvertFrom-SecureString"));
    expect(protect).toContain("$key = [Console]::In.ReadToEnd().Trim()");
    expect(protect).toContain("ConvertTo-SecureString -String $key -AsPlainText -Force | ConvertFrom-SecureString");
    for (const script of scripts()) expect(script).not.toContain(TEST_KEY.slice(9, 41));
    // The protected file is there, and nothing in the machine holds the key in clear.
    expect(readFileSync(protectedPath(), "utf8")).toMatch(/^01000000d08c9ddf[0-9a-f]+\r\n$/);
    expect(scanSandbox(sb)).toEqual([]);

    // The .cmd runs PowerShell by absolute path on the .ps1 beside it (%~dp0) and passes its exit
    // code on; the .ps1 finds the protected file beside itself. Neither names the user's folder.
    expect(readFileSync(cmdPath(), "utf8").split("\r\n")).toEqual([
      "@echo off",
      "rem claude-desktop-openrouter: prints the OpenRouter key (Windows DPAPI) for Claude Desktop. No secret here.",
      "setlocal DisableDelayedExpansion",
      `"${powershell()}" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0keychain-helper.ps1"`,
      "exit /b %ERRORLEVEL%",
      "",
    ]);
    const ps1 = readFileSync(ps1Path(), "utf8");
    expect(ps1).toContain("$path = Join-Path $PSScriptRoot 'openrouter-key.dpapi'");
    expect(ps1).toContain("$secure = (Get-Content -LiteralPath $path -Raw).Trim() | ConvertTo-SecureString");
    expect(ps1).toMatch(/Test-Path -LiteralPath \$path[\s\S]*exit 4/);
    expect(ps1).not.toContain(TEST_KEY.slice(9, 41));
    expect(runHelper(cmdPath())).toEqual({ status: 0, stdout: TEST_KEY, stderr: "" });

    fake.reset();
    const status = await runInProcess(["status", "--json"], sb.env);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({ source: "config", storage: "keychain" });
    expect(fake.requests.find((q) => q.path === "/api/v1/key")?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(scripts().at(-1)).toContain(`$path = '${protectedPath()}'`);

    const revert = await runInProcess(["revert", "--yes"], sb.env);
    expect(revert.exitCode, revert.stderr).toBe(0);
    for (const path of [sb.paths.entry, cmdPath(), ps1Path(), protectedPath()]) expect(existsSync(path), path).toBe(false);
  });

  it("without PowerShell, setup --yes --key-storage keychain fails with a hint and writes nothing", async () => {
    rmSync(powershell());
    const run = await runInProcess(
      ["setup", "--yes", "--json", "--key-storage", "keychain", "--skip-key-check", "--discover-models", "--api-key-file", keyFile],
      sb.env,
    );
    expect(run.exitCode).toBe(1);
    expect(run.json<{ error: { code: string; hint: string } }>().error).toMatchObject({ code: "keychain.unavailable" });
    expect(existsSync(sb.paths.entry)).toBe(false);
    expect(existsSync(cmdPath())).toBe(false);
  });

  it("for a profile folder with spaces, & ^ % ! and José 张三: the helper is ASCII and gives the app the key; its failure lines", async () => {
    const roaming = join(sb.dir, "José 张三 & ^caret 100% !bang", "AppData", "Roaming");
    const env = { ...sb.env, APPDATA: roaming };
    const run = await runInProcess(
      ["setup", "--yes", "--json", "--key-storage", "keychain", "--skip-key-check", "--discover-models", "--api-key-file", keyFile],
      env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expectKeyOnlyInStore(sb);
    const state = join(roaming, "claude-desktop-openrouter");
    const cmd = join(state, "keychain-helper.cmd");
    for (const file of [cmd, join(state, "keychain-helper.ps1")]) {
      const bytes = readFileSync(file);
      expect(
        bytes.every((b) => b < 0x80),
        `${file} holds bytes outside ASCII`,
      ).toBe(true);
    }
    expect(runHelper(cmd)).toEqual({ status: 0, stdout: TEST_KEY, stderr: "" });

    // Another Windows user's protected file: DPAPI cannot unprotect it.
    pc.setDpapiSecret("another-windows-user");
    expect(runHelper(cmd)).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "claude-desktop-openrouter: the protected key cannot be read by this Windows user: Key not valid for use in specified state.\n",
    });
    pc.setDpapiSecret("fake-dpapi-user-secret");
    // A damaged file.
    const blob = join(state, "openrouter-key.dpapi");
    const good = readFileSync(blob);
    writeFileSync(blob, "01000000d08c9ddf0115d1118c7a00c04fc297ebzz\r\n");
    expect(runHelper(cmd)).toEqual({
      status: 2,
      stdout: "",
      stderr: "claude-desktop-openrouter: the protected key cannot be read by this Windows user: The data is invalid.\n",
    });
    // No file at all.
    rmSync(blob);
    expect(runHelper(cmd)).toEqual({
      status: 4,
      stdout: "",
      stderr: "claude-desktop-openrouter: the keychain item is missing: run npx claude-desktop-openrouter setup --key-storage keychain\n",
    });
    writeFileSync(blob, good);
    expect(runHelper(cmd).stdout).toBe(TEST_KEY);
  });
});
