// Windows: the key protected with DPAPI for this user (PowerShell's ConvertFrom-SecureString, which
// needs no module and no compiled code), kept in a file in the tool's state directory. PowerShell
// reads the key from stdin, never from its command line. The helper Claude Desktop runs is a .cmd
// (what the app starts on Windows) that runs PowerShell by absolute path on the .ps1 beside it.
// Both files are ASCII only: cmd.exe reads a batch file in the OEM code page and Windows
// PowerShell 5.1 reads a .ps1 without a byte-order mark in the ANSI code page, so a profile path
// such as C:\Users\José or C:\Users\张三 is never written into them: the .cmd reaches the .ps1
// through %~dp0 (its own folder) and the .ps1 reaches the protected file through $PSScriptRoot.
import { extname, join } from "node:path";
import type { Context, RunResult } from "../core/context.js";
import { exists, systemPath } from "../core/paths.js";
import { atomicWrite } from "../core/atomic-write.js";
import { windowsHelperPathProblem } from "../config/app-rules.js";
import { POWERSHELL_OPTIONS, POWERSHELL_UNDER_SYSTEM_ROOT, powershellArgs, powershellPath, systemRoot } from "../platform/powershell.js";
import { win32 as platform } from "../platform/win32.js";
import { HELPER_EXIT, STORE_TIMEOUT_MS, type KeyStoreModule, type StoreProblem } from "./types.js";
import { firstLine } from "./shared.js";

const PROTECTED_FILE = "openrouter-key.dpapi";
const MISSING_MESSAGE =
  "claude-desktop-openrouter: the keychain item is missing: run npx claude-desktop-openrouter setup --key-storage keychain";

function protectedFile(ctx: Context): string {
  return join(platform.stateDir(ctx), PROTECTED_FILE);
}

/**
 * A PowerShell single-quoted string: a quote inside is doubled. PowerShell takes the typographic
 * quotes ‘ ’ ‚ ‛ for ' too (a user named O’Brien), so they are doubled as well.
 */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/** Protects the key read from stdin for the current user; prints DPAPI's hex blob. */
export const PROTECT_SCRIPT =
  "$ErrorActionPreference='Stop'; $key = [Console]::In.ReadToEnd().Trim(); ConvertTo-SecureString -String $key -AsPlainText -Force | ConvertFrom-SecureString";

/** PowerShell lines that read the protected file at $path into $key. */
const UNPROTECT = [
  "$secure = (Get-Content -LiteralPath $path -Raw).Trim() | ConvertTo-SecureString",
  "$key = (New-Object System.Management.Automation.PSCredential ('openrouter', $secure)).GetNetworkCredential().Password",
];

/** Printable ASCII, tabs and line ends only. */
function isAscii(text: string): boolean {
  return /^[\t\r\n\x20-\x7e]*$/.test(text);
}

/** The text of a .cmd line: a literal % is written %%; a Windows path cannot hold a double quote. */
function batchQuote(path: string): string {
  return `"${path.replace(/%/g, "%%")}"`;
}

export function readScript(path: string): string {
  return ["$ErrorActionPreference='Stop'", `$path = ${psQuote(path)}`, ...UNPROTECT, "[Console]::Out.Write($key)"].join("; ");
}

function missingTool(ctx: Context): StoreProblem {
  return { kind: "unavailable", detail: ctx.ui.t("keychain.detail.toolMissing", { tool: powershellPath(ctx) }) };
}

function failure(ctx: Context, result: RunResult): StoreProblem {
  if (result.notFound) return missingTool(ctx);
  return {
    kind: "unavailable",
    detail: firstLine(result.stderr) || ctx.ui.t("keychain.detail.exit", { tool: "powershell.exe", code: String(result.exitCode) }),
  };
}

export const win32: KeyStoreModule = {
  name: "keychain.store.win32",
  itemLabel: (ctx) => protectedFile(ctx),
  async probe(ctx) {
    return (await exists(ctx, powershellPath(ctx))) ? { available: true } : { available: false, detail: missingTool(ctx).detail };
  },
  async read(ctx) {
    const file = protectedFile(ctx);
    if (!(await exists(ctx, file))) return { ok: false, problem: { kind: "missing", detail: file } };
    if (!(await exists(ctx, powershellPath(ctx)))) return { ok: false, problem: missingTool(ctx) };
    const result = await ctx.proc.run(powershellPath(ctx), powershellArgs(readScript(file)), { timeoutMs: STORE_TIMEOUT_MS });
    if (result.exitCode === 0 && result.stdout.trim() !== "") return { ok: true, key: result.stdout.trim() };
    return { ok: false, problem: failure(ctx, result) };
  },
  async write(ctx, key) {
    if (!(await exists(ctx, powershellPath(ctx)))) return missingTool(ctx);
    const result = await ctx.proc.run(powershellPath(ctx), powershellArgs(PROTECT_SCRIPT), { input: key, timeoutMs: STORE_TIMEOUT_MS });
    const blob = result.stdout.trim();
    if (result.exitCode !== 0 || !/^[0-9a-f]+$/i.test(blob)) return failure(ctx, result);
    await atomicWrite(ctx, protectedFile(ctx), Buffer.from(`${blob}\r\n`), 0o600);
    return null;
  },
  async remove(ctx) {
    try {
      await ctx.fs.unlink(protectedFile(ctx));
      return "removed";
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === "ENOENT" ? "missing" : { kind: "unavailable", detail: `${protectedFile(ctx)}: ${code ?? String(error)}` };
    }
  },
  helperFiles(ctx, stateDir) {
    const cmd = join(stateDir, "keychain-helper.cmd");
    const ps1 = join(stateDir, "keychain-helper.ps1");
    // PowerShell by absolute path; written out only when ASCII (it is under %SystemRoot%, which is
    // C:\Windows in practice), else through %SystemRoot% itself, expanded by cmd.exe.
    const shell = powershellPath(ctx);
    const shellText = isAscii(shell) ? batchQuote(shell) : `"%SystemRoot%\\${POWERSHELL_UNDER_SYSTEM_ROOT}"`;
    const cmdText = [
      "@echo off",
      "rem claude-desktop-openrouter: prints the OpenRouter key (Windows DPAPI) for Claude Desktop. No secret here.",
      // %~dp0 is this file's own folder (with a trailing backslash), expanded by cmd.exe in UTF-16
      // from the path it was started by: no user name in this file. Inside the double quotes & ^ %
      // and spaces of that path stay literal; delayed expansion (which would eat !) is turned off.
      "setlocal DisableDelayedExpansion",
      `${shellText} ${POWERSHELL_OPTIONS.join(" ")} -File "%~dp0keychain-helper.ps1"`,
      "exit /b %ERRORLEVEL%",
      "",
    ].join("\r\n");
    const file = protectedFile(ctx);
    // The protected file lives beside the helper; a literal path only when it does not (then a
    // byte-order mark makes Windows PowerShell read the file as UTF-8).
    const beside = file === join(stateDir, PROTECTED_FILE);
    const pathLine = beside ? `$path = Join-Path $PSScriptRoot ${psQuote(PROTECTED_FILE)}` : `$path = ${psQuote(file)}`;
    const ps1Lines = [
      "# claude-desktop-openrouter: prints the OpenRouter key (Windows DPAPI) for Claude Desktop. No secret here.",
      "$ErrorActionPreference = 'Stop'",
      pathLine,
      "if (-not (Test-Path -LiteralPath $path)) {",
      `  [Console]::Error.WriteLine(${psQuote(MISSING_MESSAGE)})`,
      `  exit ${HELPER_EXIT.missing}`,
      "}",
      "try {",
      ...UNPROTECT.map((line) => `  ${line}`),
      "} catch {",
      `  [Console]::Error.WriteLine("claude-desktop-openrouter: the protected key cannot be read by this Windows user: $($_.Exception.Message)")`,
      `  exit ${HELPER_EXIT.unavailable}`,
      "}",
      "[Console]::Out.Write($key)",
      "exit 0",
      "",
    ].join("\r\n");
    const ps1Text = isAscii(ps1Lines) ? ps1Lines : `\ufeff${ps1Lines}`;
    return [
      { path: cmd, text: cmdText },
      { path: ps1, text: ps1Text },
    ];
  },
  helperKeys(path) {
    return windowsHelperPathProblem(path) === null ? { path, windowsPath: path } : { path };
  },
  helperPathOf(settings) {
    for (const value of [settings.inferenceCredentialHelperWindows, settings.inferenceCredentialHelper])
      if (typeof value === "string" && value !== "") return value;
    return null;
  },
  helperCommand(ctx, path) {
    const ext = extname(path).toLowerCase();
    if (ext === ".cmd" || ext === ".bat")
      return { file: systemPath(ctx, `${systemRoot(ctx)}\\System32\\cmd.exe`), args: ["/d", "/c", path] };
    if (ext === ".ps1") return { file: powershellPath(ctx), args: [...POWERSHELL_OPTIONS, "-File", path] };
    return { file: path, args: [] };
  },
  removeCommand: (ctx) => `del "${protectedFile(ctx)}"`,
};
