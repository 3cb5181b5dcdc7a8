// Windows: policy values directly under HKLM\SOFTWARE\Policies\Claude, else HKCU
// (docs/claude-desktop.md#windows-policy-registry), read with %SystemRoot%\System32\reg.exe in the
// 64-bit view and a short timeout.
import type { Context } from "../core/context.js";
import { systemPath } from "../core/paths.js";
import { systemRoot } from "../platform/powershell.js";
import type { ManagedSource } from "./types.js";

export const POLICY_SUBKEY = "SOFTWARE\\Policies\\Claude";
const REG_TIMEOUT_MS = 3000;

/** Types the app reads (REG_SZ, REG_DWORD) or counts as present without reading (REG_EXPAND_SZ). */
const READ_TYPES = new Set(["REG_SZ", "REG_DWORD"]);
const PRESENT_TYPES = new Set(["REG_EXPAND_SZ"]);

export interface RegValue {
  name: string;
  type: string;
}

export type RegQuery =
  | { kind: "values"; values: RegValue[] }
  | { kind: "absent" }
  | { kind: "error"; reason: "tool-missing" | "tool-failed" };

export function regExePath(ctx: Context): string {
  return systemPath(ctx, `${systemRoot(ctx)}\\System32\\reg.exe`);
}

/**
 * Parses `reg query <key>` output: a line with the key's full name, then one indented line per
 * value ("    name    REG_TYPE    data"), then the names of subkeys. Only values directly under
 * the queried key count; anything under another key heading (subkeys, /s output) is skipped.
 */
export function parseRegQuery(stdout: string, key: string): RegValue[] {
  const values: RegValue[] = [];
  const want = key.toUpperCase();
  let current: string | null = null;
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    if (!/^\s/.test(line)) {
      current = line.trim().toUpperCase();
      continue;
    }
    if (current !== want) continue;
    const match = /^ {2,}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const name = match[1] ?? "";
    const type = match[2] ?? "";
    // regedit's notion of an unset default value; reg.exe may print it for an empty key.
    if (name.startsWith("(") && (match[3] ?? "").trim() === "(value not set)") continue;
    values.push({ name, type });
  }
  return values;
}

/** Is this the name reg.exe shows for the unnamed default value ("(Default)", localised)? */
function isDefaultValueName(name: string): boolean {
  return /^\(.*\)$/.test(name);
}

function fullHiveName(hive: "HKLM" | "HKCU"): string {
  return hive === "HKLM" ? "HKEY_LOCAL_MACHINE" : "HKEY_CURRENT_USER";
}

export async function queryPolicyKey(ctx: Context, hive: "HKLM" | "HKCU"): Promise<RegQuery> {
  const result = await ctx.proc.run(regExePath(ctx), ["query", `${hive}\\${POLICY_SUBKEY}`, "/reg:64"], { timeoutMs: REG_TIMEOUT_MS });
  if (result.notFound) return { kind: "error", reason: "tool-missing" };
  if (result.exitCode === 0) return { kind: "values", values: parseRegQuery(result.stdout, `${fullHiveName(hive)}\\${POLICY_SUBKEY}`) };
  // "ERROR: The system was unable to find the specified registry key or value."
  if (/unable to find the specified registry key/i.test(`${result.stderr}\n${result.stdout}`)) return { kind: "absent" };
  return { kind: "error", reason: "tool-failed" };
}

function toSource(hive: "HKLM" | "HKCU", values: RegValue[]): ManagedSource {
  const named = values.filter((v) => !isDefaultValueName(v.name));
  const unread = named.filter((v) => PRESENT_TYPES.has(v.type)).map((v) => v.name);
  const invisible = named.filter((v) => !READ_TYPES.has(v.type) && !PRESENT_TYPES.has(v.type)).map((v) => v.name);
  return {
    kind: hive === "HKLM" ? "windows-hklm" : "windows-hkcu",
    location: `${hive}\\${POLICY_SUBKEY}`,
    status: "ok",
    // A REG_EXPAND_SZ value is not read, but the app still treats the key as set by policy.
    keys: named.filter((v) => READ_TYPES.has(v.type) || PRESENT_TYPES.has(v.type)).map((v) => v.name),
    ...(unread.length > 0 ? { unreadKeys: unread } : {}),
    ...(invisible.length > 0 ? { invisibleKeys: invisible } : {}),
  };
}

/** Any REG_SZ, REG_EXPAND_SZ or REG_DWORD value, the default value included, makes HKLM the source. */
function hklmHasPolicy(values: RegValue[]): boolean {
  return values.some((v) => READ_TYPES.has(v.type) || PRESENT_TYPES.has(v.type));
}

export async function detectWin32(ctx: Context): Promise<ManagedSource[]> {
  const sources: ManagedSource[] = [];
  const hklm = await queryPolicyKey(ctx, "HKLM");
  const hkcu = await queryPolicyKey(ctx, "HKCU");
  const hklmWins = hklm.kind === "values" && hklmHasPolicy(hklm.values);
  for (const [hive, query] of [
    ["HKLM", hklm],
    ["HKCU", hkcu],
  ] as const) {
    if (query.kind === "absent") continue;
    if (query.kind === "error") {
      sources.push({
        kind: hive === "HKLM" ? "windows-hklm" : "windows-hkcu",
        location: `${hive}\\${POLICY_SUBKEY}`,
        status: "could-not-check",
        keys: [],
        reason: query.reason,
      });
      continue;
    }
    if (query.values.length === 0) continue;
    const source = toSource(hive, query.values);
    // No merge (app 1.19367.0+): when HKLM holds any value, HKCU is not read at all.
    if (hive === "HKCU" && hklmWins) {
      source.status = "ignored";
      source.reason = "hidden-by-hklm";
    }
    sources.push(source);
  }
  return sources;
}
