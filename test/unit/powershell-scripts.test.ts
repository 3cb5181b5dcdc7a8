// Every PowerShell text the tool can produce, read by PowerShell's own parser (real pwsh, one
// process for the whole batch): no parse error, nothing Windows PowerShell 5.1 lacks (decided from
// the parser's tokens and syntax tree), user data quoted so that PowerShell reads back the exact
// value. Then the way there: the command line Node builds on Windows for each call splits back
// (CommandLineToArgvW's rules) into the same arguments and -EncodedCommand decodes to the same
// text; and the .cmd helper is ASCII, and its line, as cmd.exe expands %~dp0 for any profile path,
// starts PowerShell on the .ps1 beside it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { win32 as keychain, PROTECT_SCRIPT, psQuote, readScript } from "../../src/keychain/win32.js";
import { closeWindowScript, PROCESS_SCRIPT, startTimeScript, stopScript } from "../../src/lifecycle/win32.js";
import { POWERSHELL_OPTIONS, powershellArgs, powershellPath } from "../../src/platform/powershell.js";
import { APPX_SCRIPT } from "../../src/platform/win32.js";
import { PWSH_VERSION, runPwshFile } from "../helpers/pwsh.js";
import { batchCommandLine, commandLineToArgv, nodeCommandLine, quoteCmdArg } from "../helpers/windows-command-line.js";

const PARSER = fileURLToPath(new URL("../helpers/parse-powershell.ps1", import.meta.url));
const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/** User names and folders that shape the scripts: spaces, every kind of quote, $, `, %, &, ^, !, non-ASCII. */
const USERS = [
  "me",
  "Jane Doe",
  "José",
  "张三",
  "O'Brien",
  "O’Brien",
  "‘quoted‛ ‚x",
  "a$b $(whoami) $\u007benv:PATH}",
  "back`tick`",
  "100% & ^caret !bang (x) [y] {z} ;semi @at #hash",
  'say "hi"',
];
const PIDS = [[1], [4], [7000], [2147483647], [7001, 7002, 7003]];

function windowsCtx(appData: string): Context {
  return {
    platform: "win32",
    root: "",
    env: { APPDATA: appData, SystemRoot: "C:\\Windows" },
    home: "C:\\Users\\me",
  } as unknown as Context;
}

interface Script {
  name: string;
  text: string;
  /** Strings the script must hold exactly, as PowerShell reads its single-quoted literals. */
  holds?: string[];
}

function corpus(): Script[] {
  const scripts: Script[] = [
    { name: "PROCESS_SCRIPT", text: PROCESS_SCRIPT },
    { name: "APPX_SCRIPT", text: APPX_SCRIPT },
    { name: "PROTECT_SCRIPT", text: PROTECT_SCRIPT },
  ];
  for (const pids of PIDS) {
    scripts.push({ name: `startTimeScript(${pids[0]})`, text: startTimeScript(pids[0]!) });
    scripts.push({ name: `closeWindowScript(${pids})`, text: closeWindowScript(pids) });
    scripts.push({ name: `stopScript(${pids})`, text: stopScript(pids) });
  }
  for (const user of USERS) {
    const roaming = `C:\\Users\\${user}\\AppData\\Roaming`;
    const file = `${roaming}\\claude-desktop-openrouter\\openrouter-key.dpapi`;
    scripts.push({ name: `readScript(${user})`, text: readScript(file), holds: [file] });
    // The helper beside the protected file, and one in another folder (a literal path then).
    const ctx = windowsCtx(roaming);
    const ps1 = keychain.helperFiles(ctx, `${roaming}\\claude-desktop-openrouter`)[1]!;
    scripts.push({ name: `helper .ps1 (${user})`, text: ps1.text.replace(/^\ufeff/, "") });
    const elsewhere = keychain.helperFiles(ctx, `C:\\Users\\${user}\\elsewhere`)[1]!;
    scripts.push({ name: `helper .ps1 elsewhere (${user})`, text: elsewhere.text.replace(/^\ufeff/, "") });
  }
  return scripts;
}

/** Known PowerShell 7 syntax and a broken script: the check must flag each, or it proves nothing. */
const CONTROLS: Script[] = [
  { name: "control ??", text: "$a = $null ?? 1" },
  { name: "control ??=", text: "$a ??= 1" },
  { name: "control ?.", text: "$\u007ba}?.Length" },
  { name: "control ?[", text: "$\u007ba}?[0]" },
  { name: "control ternary", text: "$x = $true ? 1 : 2" },
  { name: "control &&", text: "Get-Date && Get-Date" },
  { name: "control ||", text: "Get-Date || Get-Date" },
  { name: "control background", text: "Get-Date &" },
  { name: "control clean", text: "function f { process { 1 } clean { 2 } }" },
  { name: "control syntax error", text: "$ErrorActionPreference='Stop'; foreach ($p in Get-Process -Id 1) { [void]$p.CloseMainWindow() " },
];

interface Parsed {
  name: string;
  errors: string[];
  newer: string[];
  strings: string[];
}

let parsedMap: Map<string, Parsed> | undefined;
let version: string;
let batchError: unknown;

/** The parser's answers; a missing pwsh fails every test here (naming its install), none is skipped. */
function parsed(): Map<string, Parsed> {
  if (!parsedMap) throw batchError;
  return parsedMap;
}
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cdo-parse-"));
  const input = join(dir, "scripts.json");
  writeFileSync(input, JSON.stringify([...corpus(), ...CONTROLS]));
  try {
    const out = JSON.parse(runPwshFile(PARSER, [input])) as { version: string; results: Parsed[] };
    version = out.version;
    parsedMap = new Map(out.results.map((p) => [p.name, p]));
  } catch (error) {
    batchError = error;
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("every PowerShell script the tool emits, read by PowerShell's parser", () => {
  // Never skipped: without pwsh the batch above fails, naming the install command.
  it(`is read by real PowerShell ${PWSH_VERSION}`, () => {
    parsed();
    expect(version).toBe(PWSH_VERSION);
  });

  it("parses with no error and nothing Windows PowerShell 5.1 lacks", () => {
    const scripts = corpus();
    expect(scripts.length).toBeGreaterThan(40);
    for (const script of scripts) {
      const result = parsed().get(script.name);
      expect(result, script.name).toBeDefined();
      expect(result!.errors, `${script.name}:\n${script.text}`).toEqual([]);
      expect(result!.newer, `${script.name}:\n${script.text}`).toEqual([]);
    }
  });

  it("flags each piece of PowerShell 7 syntax and a syntax error (the check can fail)", () => {
    for (const control of CONTROLS) {
      const result = parsed().get(control.name)!;
      const flagged = control.name.endsWith("syntax error") ? result.errors : result.newer;
      expect(flagged.length, control.name).toBeGreaterThan(0);
    }
  });

  it("user data reaches PowerShell as the exact value (quotes, typographic quotes, $, backticks, non-ASCII)", () => {
    for (const script of corpus().filter((s) => s.holds)) {
      for (const value of script.holds!) expect(parsed().get(script.name)!.strings, script.name).toContain(value);
    }
    for (const user of USERS) {
      const file = `C:\\Users\\${user}\\elsewhere-key.dpapi`;
      expect(psQuote(file).length).toBeGreaterThanOrEqual(file.length + 2);
    }
  });

  it("covers every script the source hands PowerShell", () => {
    // Each call site names its script: a new one must join the corpus above.
    const named = new Set<string>();
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        // powershell.ts itself passes its parameter on.
        else if (path.endsWith(".ts") && !path.endsWith("powershell.ts"))
          for (const m of readFileSync(path, "utf8").matchAll(/(?:runPowerShell\(ctx,\s*|powershellArgs\()([A-Za-z_]\w*)/g))
            named.add(m[1]!);
      }
    };
    walk(SRC);
    expect([...named].sort()).toEqual(
      ["APPX_SCRIPT", "PROCESS_SCRIPT", "PROTECT_SCRIPT", "closeWindowScript", "readScript", "startTimeScript", "stopScript"].sort(),
    );
  });
});

describe("the command line Node builds on Windows", () => {
  const ctx = windowsCtx("C:\\Users\\me\\AppData\\Roaming");

  it("libuv's quoting and CommandLineToArgvW's splitting agree on awkward arguments", () => {
    for (const arg of ["", "a b", 'say "hi"', "C:\\dir\\", "C:\\dir with space\\", 'a\\"b', "a\\\\b", "tab\there", "ends\\\\"]) {
      expect(commandLineToArgv(`prog ${quoteCmdArg(arg)}`), arg).toEqual(["prog", arg]);
    }
  });

  it("every script's call splits back into the same arguments, and -EncodedCommand decodes to the same text", () => {
    for (const script of corpus()) {
      const args = powershellArgs(script.text);
      const line = nodeCommandLine(powershellPath(ctx), args);
      // CreateProcessW takes at most 32767 characters.
      expect(line.length, script.name).toBeLessThan(32_767);
      const argv = commandLineToArgv(line);
      expect(argv, script.name).toEqual([powershellPath(ctx), ...args]);
      expect(argv.slice(0, -1)).toEqual([powershellPath(ctx), ...POWERSHELL_OPTIONS, "-OutputFormat", "Text", "-EncodedCommand"]);
      // Base64 needs no quoting at all.
      expect(line.endsWith(` ${argv.at(-1)}`)).toBe(true);
      expect(Buffer.from(argv.at(-1)!, "base64").toString("utf16le"), script.name).toBe(script.text);
    }
  });

  it("the helper run by the tool (a .cmd through cmd.exe, a .ps1 through PowerShell) keeps its path whole", () => {
    for (const user of USERS) {
      for (const name of ["keychain-helper.cmd", "keychain-helper.ps1"]) {
        const path = `C:\\Users\\${user}\\AppData\\Roaming\\claude-desktop-openrouter\\${name}`;
        const command = keychain.helperCommand(ctx, path);
        expect(commandLineToArgv(nodeCommandLine(command.file, command.args)), path).toEqual([command.file, ...command.args]);
        expect(command.args.at(-1)).toBe(path);
      }
    }
  });
});

describe("the .cmd helper", () => {
  it("is ASCII for any user name, and its line as cmd.exe expands it starts PowerShell on the .ps1 beside it", () => {
    for (const user of USERS) {
      // A user name with a double quote cannot exist on Windows: cmd's quoting cannot hold one.
      if (user.includes('"')) continue;
      const stateDir = `C:\\Users\\${user}\\AppData\\Roaming\\claude-desktop-openrouter`;
      const ctx = windowsCtx(`C:\\Users\\${user}\\AppData\\Roaming`);
      const [cmd, ps1] = keychain.helperFiles(ctx, stateDir);
      for (const file of [cmd!, ps1!]) {
        const bytes = Buffer.from(file.text, "utf8");
        expect(
          bytes.every((b) => b < 0x80),
          `${file.path} is not ASCII`,
        ).toBe(true);
        expect(file.text).not.toContain(user === "me" ? "\\Users\\me\\" : user);
      }
      const lines = cmd!.text.split("\r\n");
      expect(lines.at(-1)).toBe("");
      const run = lines.find((l) => l.includes("-File"))!;
      const commandLine = batchCommandLine(run, { dp0: `${stateDir}\\`, env: { SystemRoot: "C:\\Windows" } });
      expect(commandLineToArgv(commandLine), user).toEqual([
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        ...POWERSHELL_OPTIONS,
        "-File",
        `${stateDir}\\keychain-helper.ps1`,
      ]);
      expect(lines).toContain("setlocal DisableDelayedExpansion");
      expect(lines).toContain("exit /b %ERRORLEVEL%");
    }
  });

  it("names PowerShell through %SystemRoot% when that folder is not ASCII", () => {
    const ctx = {
      platform: "win32",
      root: "",
      env: { APPDATA: "C:\\Users\\me\\AppData\\Roaming", SystemRoot: "C:\\Windóws" },
      home: "C:\\Users\\me",
    } as unknown as Context;
    const stateDir = "C:\\Users\\me\\AppData\\Roaming\\claude-desktop-openrouter";
    const [cmd] = keychain.helperFiles(ctx, stateDir);
    expect(Buffer.from(cmd!.text, "utf8").every((b) => b < 0x80)).toBe(true);
    const run = cmd!.text.split("\r\n").find((l) => l.includes("-File"))!;
    expect(commandLineToArgv(batchCommandLine(run, { dp0: `${stateDir}\\`, env: { SystemRoot: "C:\\Windóws" } }))[0]).toBe(
      "C:\\Windóws\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    );
  });

  it("the simulation of cmd.exe catches an unquoted & and a % that is not doubled", () => {
    expect(() => batchCommandLine("prog %~dp0x", { dp0: "C:\\a & b\\", env: {} })).toThrow(/unquoted &/);
    expect(batchCommandLine('prog "100%x%"', { dp0: "", env: { X: "y" } })).toBe('prog "100y"');
    expect(batchCommandLine('prog "100%%x%%"', { dp0: "", env: { X: "y" } })).toBe('prog "100%x%"');
  });
});
