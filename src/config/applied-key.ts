// Whose key is in the applied entry. A key is sent to OpenRouter only when the entry is the tool's
// own, or when its base URL is the OpenRouter base URL in force (--base-url or the default): a key
// in another gateway's entry belongs to that gateway and is never sent anywhere.
import type { Context } from "../core/context.js";
import { cleanKey } from "../openrouter/key.js";
import { ENTRY_ID } from "./entry.js";
import type { JsonObject } from "./json-file.js";

/** An applied entry as read from a library: its id, its name in _meta.json, its settings. */
export interface AppliedEntry {
  id: string;
  name: string | null;
  settings: JsonObject;
}

export type AppliedKey =
  /** The entry has no key (or none but white space). */
  | { status: "none" }
  /** Another gateway's entry: named by its display name (or _meta name) and host, never its key. */
  | { status: "foreign"; name: string; host: string }
  /** A key that may be sent to OpenRouter, as written (`raw`) and cleaned of paste artefacts. */
  | { status: "ours"; key: string; raw: string };

/** origin + path, without trailing slashes or a /v1 or /v1/messages suffix; null when not a URL. */
function comparableBaseUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    const path = url.pathname.replace(/\/+$/, "").replace(/\/v1(\/messages)?$/, "");
    return `${url.origin}${path}`;
  } catch {
    return null;
  }
}

/** The gateway host an entry points at, for messages ("?" when it has no usable base URL). */
function hostOf(value: unknown): string {
  if (typeof value !== "string") return "?";
  try {
    return new URL(value.trim()).host || "?";
  } catch {
    return "?";
  }
}

/** The tool's entry, or one pointed at the OpenRouter base URL in force. */
export function isOpenRouterEntry(ctx: Pick<Context, "settings">, entry: Pick<AppliedEntry, "id" | "settings">): boolean {
  if (entry.id === ENTRY_ID) return true;
  const base = entry.settings.inferenceGatewayBaseUrl;
  return typeof base === "string" && comparableBaseUrl(base) === comparableBaseUrl(ctx.settings.baseUrl);
}

/**
 * The key of the applied entry, or why there is none to send. Any key found is registered as a
 * secret first, so that no output can show it even by mistake.
 */
export function appliedKey(ctx: Pick<Context, "settings" | "secrets">, entry: AppliedEntry): AppliedKey {
  const raw = entry.settings.inferenceGatewayApiKey;
  if (typeof raw !== "string" || raw.trim() === "") return { status: "none" };
  const key = cleanKey(raw);
  ctx.secrets.add(raw);
  ctx.secrets.add(key);
  if (isOpenRouterEntry(ctx, entry)) return { status: "ours", key, raw };
  const display = entry.settings.deploymentDisplayName;
  const name = (typeof display === "string" && display.trim()) || entry.name || entry.id;
  return { status: "foreign", name, host: hostOf(entry.settings.inferenceGatewayBaseUrl) };
}
