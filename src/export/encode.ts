// Managed-store value encoding and the .reg and Linux JSON files (docs/claude-desktop.md#mdm-file-formats).
// Plist and registry values are all strings; the Linux file keeps native JSON.
import type { JsonObject } from "../config/json-file.js";

/** One value as a managed plist or REG_SZ holds it: booleans "true"/"false", numbers in decimal, arrays and objects as minified JSON. */
export function toManagedString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

export function encodeManagedValues(entry: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry)) if (value !== undefined && value !== null) out[key] = toManagedString(value);
  return out;
}

export type RegHive = "HKEY_LOCAL_MACHINE" | "HKEY_CURRENT_USER";
export const POLICY_KEY_PATH = "SOFTWARE\\Policies\\Claude";

/** A quoted .reg string: backslash and double quote escaped; a REG_SZ line cannot hold a line break. */
export function regQuote(text: string): string {
  if (/[\r\n\0]/.test(text)) throw new Error("a .reg string value cannot hold a line break or NUL");
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A .reg file as regedit writes it: UTF-16LE with a BOM, CRLF line endings, the version header,
 * comment lines, the policy key, then `"name"="value"` lines (or `"name"=-` deletions).
 */
export function buildReg(options: {
  hive: RegHive;
  comments: string[];
  values?: Record<string, string>;
  remove?: readonly string[];
}): Buffer {
  const lines = ["Windows Registry Editor Version 5.00", ""];
  for (const comment of options.comments) lines.push(`; ${comment.replace(/[\r\n]+/g, " ")}`);
  if (options.comments.length > 0) lines.push("");
  lines.push(`[${options.hive}\\${POLICY_KEY_PATH}]`);
  for (const [name, value] of Object.entries(options.values ?? {})) lines.push(`${regQuote(name)}=${regQuote(value)}`);
  for (const name of options.remove ?? []) lines.push(`${regQuote(name)}=-`);
  lines.push("");
  const text = lines.join("\r\n");
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

/** The Linux /etc/claude-desktop/managed-settings.json content: the flat entry, native JSON. */
export function buildLinuxJson(entry: JsonObject): Buffer {
  return Buffer.from(`${JSON.stringify(entry, null, 2)}\n`, "utf8");
}
