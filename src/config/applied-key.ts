// Whose key is in the applied entry, and the one place that says how to get it: from the entry
// (a static key), from our OS store item (the entry names our credential helper), or by running
// the helper the entry names, as the app would. A key is sent to OpenRouter only when the entry is
// the tool's own, or when its base URL is the OpenRouter base URL in force (--base-url or the
// default): another gateway's key or helper belongs to that gateway, is never sent and never run.
import type { Context } from "../core/context.js";
import { cleanKey } from "../openrouter/key.js";
import { platformModule } from "../platform/index.js";
import type { HelperProblem } from "../keychain/helper-run.js";
import * as keychain from "../keychain/index.js";
import { runHelper } from "../keychain/helper-run.js";
import { ENTRY_ID } from "./entry.js";
import type { JsonObject } from "./json-file.js";

/** An applied entry as read from a library: its id, its name in _meta.json, its settings. */
export interface AppliedEntry {
  id: string;
  name: string | null;
  settings: JsonObject;
}

/** Where the key comes from: the entry, our store item (through our helper), or another helper. */
export type KeySourceKind = "entry" | "keychain" | "helper";

export type AppliedKey =
  /** The entry has no key (or none but white space). */
  | { status: "none" }
  /** Another gateway's entry: named by its display name (or _meta name) and host, never its key. */
  | { status: "foreign"; name: string; host: string }
  /** A key that may be sent to OpenRouter, as written (`raw`) and cleaned of paste artefacts. */
  | { status: "ours"; key: string; raw: string; source: KeySourceKind; helper?: string }
  /** The entry names a helper, and the key could not be had from it (or from our store item). */
  | { status: "unreadable"; source: "keychain" | "helper"; helper: string; problem: HelperProblem };

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
  if (isOpenRouterEntry(ctx, entry)) return { status: "ours", key, raw, source: "entry" };
  return foreign(entry);
}

function foreign(entry: AppliedEntry): AppliedKey {
  const display = entry.settings.deploymentDisplayName;
  const name = (typeof display === "string" && display.trim()) || entry.name || entry.id;
  return { status: "foreign", name, host: hostOf(entry.settings.inferenceGatewayBaseUrl) };
}

function fromHelper(ctx: Pick<Context, "secrets">, raw: string, source: KeySourceKind, helper: string): AppliedKey {
  const key = cleanKey(raw);
  ctx.secrets.add(raw);
  ctx.secrets.add(key);
  return { status: "ours", key, raw, source, helper };
}

/**
 * The key the applied entry gives the app, however it gives it. An entry naming our own helper is
 * read from our store item directly, unless `runHelper` asks for the helper to be run as the app
 * runs it (doctor); any other helper of an OpenRouter entry is run; another gateway's never is.
 */
export async function resolveAppliedKey(
  ctx: Context,
  entry: AppliedEntry,
  options: { runHelper?: boolean; maxMs?: number } = {},
): Promise<AppliedKey> {
  const helper = keychain.entryHelper(ctx, entry.settings);
  if (helper === null) return appliedKey(ctx, entry);
  if (!isOpenRouterEntry(ctx, entry)) return foreign(entry);
  const ours = helper === keychain.ourHelperPath(ctx, platformModule(ctx.platform).stateDir(ctx));
  const source = ours ? "keychain" : "helper";
  if (ours && !options.runHelper) {
    const read = await keychain.readStoredKey(ctx);
    if (!read.ok) return { status: "unreadable", source, helper, problem: keychain.storeProblem(read.problem) };
    return fromHelper(ctx, read.key, source, helper);
  }
  const run = await runHelper(ctx, helper, entry.settings, { ours, ...(options.maxMs !== undefined ? { maxMs: options.maxMs } : {}) });
  if (!run.ok) return { status: "unreadable", source, helper, problem: run.problem };
  return fromHelper(ctx, run.token, source, helper);
}
