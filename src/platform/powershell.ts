// Windows PowerShell, run by absolute path under %SystemRoot% (mapped under the fake root in tests),
// never through PATH or a shell. Scripts end in ConvertTo-Json so the answer is parsed, not scraped.
// A script travels as -EncodedCommand (base64 of its UTF-16LE text): one argument of letters,
// digits, + / =, which no command-line quoting can change and which carries any path (José, 张三)
// whatever the console code page (docs/how-it-works.md#windows-powershell).
import type { Context, RunResult } from "../core/context.js";
import { systemPath } from "../core/paths.js";

export function systemRoot(ctx: Pick<Context, "env">): string {
  return ctx.env.SystemRoot ?? ctx.env.SYSTEMROOT ?? ctx.env.windir ?? "C:\\Windows";
}

/** %SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe, below SystemRoot. */
export const POWERSHELL_UNDER_SYSTEM_ROOT = "System32\\WindowsPowerShell\\v1.0\\powershell.exe";

export function powershellPath(ctx: Pick<Context, "env" | "root">): string {
  return systemPath(ctx, `${systemRoot(ctx)}\\${POWERSHELL_UNDER_SYSTEM_ROOT}`);
}

/** The options before the script in every PowerShell call (a script, or -File for the helper). */
export const POWERSHELL_OPTIONS = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass"] as const;

/** What -EncodedCommand takes: the script's UTF-16LE bytes in base64. */
function encodeCommand(script: string): string {
  return Buffer.from(script, "utf16le").toString("base64");
}

/**
 * The exact argument list every PowerShell call uses. With -EncodedCommand PowerShell writes its
 * error stream as CLIXML ("#< CLIXML <Objs…>") unless told -OutputFormat Text: the failure line a
 * user sees is then PowerShell's own words.
 */
export function powershellArgs(script: string): string[] {
  return [...POWERSHELL_OPTIONS, "-OutputFormat", "Text", "-EncodedCommand", encodeCommand(script)];
}

export async function runPowerShell(ctx: Context, script: string, timeoutMs = 20_000): Promise<RunResult> {
  return ctx.proc.run(powershellPath(ctx), powershellArgs(script), { timeoutMs });
}

/**
 * The tail of a pipeline that ends in ConvertTo-Json: every character outside ASCII written as a
 * JSON \uXXXX escape. Windows PowerShell prints to a pipe in the console's OEM code page (850,
 * 437, 936…), where C:\Users\José would arrive as a byte Node reads as U+FFFD and 张三 as "??";
 * ASCII reads the same in all of them.
 */
export const ASCII_JSON =
  "ForEach-Object { [regex]::Replace([string]$_, '[^\\x00-\\x7F]', { param($m) '\\u{0:x4}' -f [int][char]$m.Value }) }";

/** ConvertTo-Json prints one object for one item, an array for several, nothing for none. */
export function parseJsonList<T>(stdout: string): T[] {
  const text = stdout.trim();
  if (!text) return [];
  const value = JSON.parse(text) as T | T[];
  return Array.isArray(value) ? value : [value];
}
