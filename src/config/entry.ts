// The tool's entry in Claude Desktop's config library (docs/claude-desktop.md#library-files) and the keys it owns.
import { isPlainObject, type JsonObject } from "./json-file.js";

/**
 * The tool's entry id: fixed and documented, so repeated runs update the same entry and no other
 * tool's entry is touched. A lowercase UUID (the app only accepts ^[a-f0-9-]{36}$); its hex
 * spells "openro…uter".
 */
export const ENTRY_ID = "6f70656e-726f-4000-8000-757465720000";
export const DEFAULT_ENTRY_NAME = "OpenRouter";
export { DEFAULT_BASE_URL } from "../core/url.js";
export const DISPLAY_NAME = "OpenRouter";
export const APPLIED_ID_PATTERN = /^[a-f0-9-]{36}$/;

/**
 * Keys the app warns about from 2026-09-10 and stops honouring (docs/claude-desktop.md#deprecated-keys), each
 * with the key that replaces it ("-": none). doctor names the replacement; export refuses them.
 */
export const DEPRECATED_KEYS: Readonly<Record<string, string>> = {
  inferenceGatewayHeaders: "inferenceCustomHeaders",
  isDxtEnabled: "isDesktopExtensionEnabled",
  isDxtSignatureRequired: "isDesktopExtensionSignatureRequired",
  trustBootstrapLocalExec: "trustBootstrapDelivery",
  enduserAttribution: "endUserAttribution",
  disableDefaultPlugins: "-",
};

export type FamilyTier = "opus" | "sonnet" | "haiku" | "fable" | "mythos";

export interface ModelEntry {
  name: string;
  anthropicFamilyTier?: FamilyTier;
  isFamilyDefault?: true;
}

export interface EntrySettings {
  apiKey: string;
  baseUrl: string;
  /** null: write no list and let Claude Desktop discover models. */
  models: ModelEntry[] | null;
  /** Hosts to add to the ones already allowed. */
  egressHosts: string[];
}

/** The keys the tool owns in its entry; every other key (the app's own settings) is kept. */
export const OWNED_KEYS = [
  "inferenceProvider",
  "inferenceCredentialKind",
  "inferenceGatewayBaseUrl",
  "inferenceGatewayApiKey",
  "inferenceGatewayAuthScheme",
  "deploymentDisplayName",
  "coworkEgressAllowedHosts",
  "inferenceModels",
] as const;

/** Hosts already in an entry: a native array, or JSON text of one (as managed stores write it). */
export function existingHosts(value: unknown): string[] {
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.filter((h): h is string => typeof h === "string") : [];
}

/**
 * Patches only the owned keys of an existing entry. Existing keys keep their place (the app
 * rewrites this file and users diff it); new keys are appended in a readable order.
 */
export function buildEntry(existing: JsonObject | undefined, settings: EntrySettings): JsonObject {
  const entry: JsonObject = { ...(existing ?? {}) };
  entry.inferenceProvider = "gateway";
  entry.inferenceCredentialKind = "static";
  entry.inferenceGatewayBaseUrl = settings.baseUrl;
  entry.inferenceGatewayApiKey = settings.apiKey;
  entry.inferenceGatewayAuthScheme = "bearer";
  entry.deploymentDisplayName = DISPLAY_NAME;
  const hosts = existingHosts(entry.coworkEgressAllowedHosts);
  for (const host of settings.egressHosts) if (!hosts.includes(host)) hosts.push(host);
  if (hosts.length > 0) entry.coworkEgressAllowedHosts = hosts;
  if (settings.models) entry.inferenceModels = settings.models.map((m) => ({ ...m }));
  else delete entry.inferenceModels;
  return entry;
}

export interface MetaRow {
  id: string;
  name: string;
}

/** Adds or renames the tool's row in _meta.json and applies it; other rows and keys stay. */
export function buildMeta(existing: JsonObject, name: string): JsonObject {
  const meta: JsonObject = { ...existing };
  const rows = Array.isArray(meta.entries) ? [...meta.entries] : [];
  const index = rows.findIndex((row) => isPlainObject(row) && row.id === ENTRY_ID);
  if (index >= 0) rows[index] = { ...(rows[index] as JsonObject), name };
  else rows.push({ id: ENTRY_ID, name });
  // appliedId first when the file is new, so the file reads like the app's own.
  if (!("appliedId" in meta)) return { appliedId: ENTRY_ID, ...meta, entries: rows };
  meta.appliedId = ENTRY_ID;
  meta.entries = rows;
  return meta;
}

export function metaRows(meta: JsonObject): MetaRow[] {
  if (!Array.isArray(meta.entries)) return [];
  return meta.entries
    .filter(isPlainObject)
    .filter((row) => typeof row.id === "string")
    .map((row) => ({ id: row.id as string, name: typeof row.name === "string" ? row.name : "" }));
}
