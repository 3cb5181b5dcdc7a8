// Windows PowerShell, run by absolute path under %SystemRoot% (mapped under the fake root in tests),
// never through PATH or a shell. Scripts end in ConvertTo-Json so the answer is parsed, not scraped.
import type { Context, RunResult } from "../core/context.js";
import { systemPath } from "../core/paths.js";

export function systemRoot(ctx: Pick<Context, "env">): string {
  return ctx.env.SystemRoot ?? ctx.env.SYSTEMROOT ?? ctx.env.windir ?? "C:\\Windows";
}

export function powershellPath(ctx: Pick<Context, "env" | "root">): string {
  return systemPath(ctx, `${systemRoot(ctx)}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`);
}

/** The exact argument list every PowerShell call uses. */
export function powershellArgs(script: string): string[] {
  return ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", script];
}

export async function runPowerShell(ctx: Context, script: string, timeoutMs = 20_000): Promise<RunResult> {
  return ctx.proc.run(powershellPath(ctx), powershellArgs(script), { timeoutMs });
}

/** ConvertTo-Json prints one object for one item, an array for several, nothing for none. */
export function parseJsonList<T>(stdout: string): T[] {
  const text = stdout.trim();
  if (!text) return [];
  const value = JSON.parse(text) as T | T[];
  return Array.isArray(value) ? value : [value];
}
