// The tool's entry in Claude Desktop's config library (docs/claude-desktop.md#library-files) and the keys it owns.
import { decodeJson, isTierAlias, readBoolean } from "./app-rules.js";
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

export type FamilyTier = "opus" | "sonnet" | "haiku" | "fable" | "mythos";

export interface ModelEntry {
  name: string;
  /** OpenRouter's name for the model, shown in the picker instead of the id. */
  labelOverride?: string;
  /** The model takes a 1M-token context: the picker adds a 1M row (never the default). */
  supports1m?: true;
  anthropicFamilyTier?: FamilyTier;
  isFamilyDefault?: true;
}

/** A row of the app's cost estimates: USD per million tokens, every field required. */
export interface PricingRow {
  name: string;
  inputPerMtok: number;
  outputPerMtok: number;
  cacheReadPerMtok: number;
  cacheWritePerMtok: number;
}

/** Sent with every request so that OpenRouter's activity page names Claude Desktop (attribution only). */
export const ATTRIBUTION_HEADERS: Readonly<Record<string, string>> = {
  "HTTP-Referer": "https://www.npmjs.com/package/claude-desktop-openrouter",
  "X-OpenRouter-Title": "Claude Desktop",
};

/** The credential helper the entry names instead of holding the key (the key is in the OS store). */
export interface HelperSettings {
  /** inferenceCredentialHelper: the executable the app runs, an absolute path. */
  path: string;
  /** inferenceCredentialHelperWindows: the same on Windows, when the app's rules accept the path. */
  windowsPath?: string;
  /** inferenceCredentialHelperTtlSec: how long the app keeps the key before running the helper again. */
  ttlSec: number;
}

/**
 * The credential helper keys this tool writes, and removes again when the key goes back into the
 * entry: owned too, but not among OWNED_KEYS, which export sets (and `export --remove` deletes).
 */
export const HELPER_KEYS = ["inferenceCredentialHelper", "inferenceCredentialHelperWindows", "inferenceCredentialHelperTtlSec"] as const;

export interface EntrySettings {
  /** Written into the entry, unless a helper is named instead. */
  apiKey: string;
  /** The key stays out of the entry: the app runs this helper to get it. */
  helper?: HelperSettings | undefined;
  baseUrl: string;
  /** null: write no list and let Claude Desktop discover models. */
  models: ModelEntry[] | null;
  /** Hosts to add to the ones already allowed. */
  egressHosts: string[];
  /** Rows for the app's cost estimates; null or absent: cost estimates off (the keys removed). */
  pricing?: PricingRow[] | null;
  /** The attribution headers; absent or false: ours removed (other headers stay). */
  attribution?: boolean;
  /** Hide the Claude.ai sign-in: true sets it, false removes it, undefined leaves what is there. */
  gatewayOnly?: boolean | undefined;
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
  "modelDiscoveryEnabled",
  "inferenceModelPricingEnabled",
  "inferenceModelPricing",
  "inferenceCustomHeaders",
  "disableDeploymentModeChooser",
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
  entry.inferenceGatewayBaseUrl = settings.baseUrl;
  patchCredential(entry, settings);
  entry.inferenceGatewayAuthScheme = "bearer";
  entry.deploymentDisplayName = DISPLAY_NAME;
  const hosts = existingHosts(entry.coworkEgressAllowedHosts);
  for (const host of settings.egressHosts) if (!hosts.includes(host)) hosts.push(host);
  if (hosts.length > 0) entry.coworkEgressAllowedHosts = hosts;
  if (settings.models) entry.inferenceModels = settings.models.map((m) => ({ ...m }));
  else delete entry.inferenceModels;
  // A pinned list of full ids: discovery off, so older builds show exactly these (a bare tier
  // alias needs discovery to resolve, so it keeps the app's default).
  if (settings.models && !settings.models.some((m) => isTierAlias(m.name))) entry.modelDiscoveryEnabled = false;
  else delete entry.modelDiscoveryEnabled;
  if (settings.pricing && settings.pricing.length > 0) {
    entry.inferenceModelPricingEnabled = true;
    entry.inferenceModelPricing = settings.pricing.map((row) => ({ ...row }));
  } else {
    delete entry.inferenceModelPricingEnabled;
    delete entry.inferenceModelPricing;
  }
  patchHeaders(entry, settings.attribution === true);
  if (settings.gatewayOnly === true) entry.disableDeploymentModeChooser = true;
  else if (settings.gatewayOnly === false) delete entry.disableDeploymentModeChooser;
  return entry;
}

/**
 * The key in the entry (static), or the helper that prints it (helper-script) and no key at all:
 * the credential kind pins the source, and a leftover key would still sit in the file.
 */
function patchCredential(entry: JsonObject, settings: EntrySettings): void {
  const helper = settings.helper;
  if (!helper) {
    entry.inferenceCredentialKind = "static";
    entry.inferenceGatewayApiKey = settings.apiKey;
    for (const key of HELPER_KEYS) delete entry[key];
    return;
  }
  entry.inferenceCredentialKind = "helper-script";
  delete entry.inferenceGatewayApiKey;
  entry.inferenceCredentialHelper = helper.path;
  if (helper.windowsPath) entry.inferenceCredentialHelperWindows = helper.windowsPath;
  else delete entry.inferenceCredentialHelperWindows;
  entry.inferenceCredentialHelperTtlSec = helper.ttlSec;
}

/**
 * Adds or removes only our attribution headers; other headers stay. A header list in an old
 * form (text or list) is left alone: doctor reports it, and nothing of it is lost.
 */
function patchHeaders(entry: JsonObject, on: boolean): void {
  const raw = entry.inferenceCustomHeaders;
  let headers: JsonObject;
  if (raw === undefined || raw === null || raw === "") headers = {};
  else {
    const decoded = decodeJson(raw);
    if (!decoded.ok || !isPlainObject(decoded.value)) return;
    headers = { ...decoded.value };
  }
  for (const [name, value] of Object.entries(ATTRIBUTION_HEADERS)) {
    if (on) headers[name] = value;
    else if (headers[name] === value) delete headers[name];
  }
  if (Object.keys(headers).length > 0) entry.inferenceCustomHeaders = headers;
  else delete entry.inferenceCustomHeaders;
}

/** What an entry turns on, for people: cost estimates, attribution, 1M rows, labels, sign-in. */
export interface EntryFeatures {
  costEstimates: boolean;
  pricedModels: string[];
  attribution: boolean;
  millionContext: string[];
  labelled: number;
  gatewayOnly: boolean;
  pinnedModels: boolean;
}

export function entryFeatures(settings: JsonObject): EntryFeatures {
  const models = decodeJson(settings.inferenceModels);
  const list = models.ok && Array.isArray(models.value) ? models.value : [];
  const objects = list.filter(isPlainObject);
  const pricing = decodeJson(settings.inferenceModelPricing);
  const rows = pricing.ok && Array.isArray(pricing.value) ? pricing.value.filter(isPlainObject) : [];
  const headers = decodeJson(settings.inferenceCustomHeaders);
  const headerObject = headers.ok && isPlainObject(headers.value) ? headers.value : {};
  return {
    costEstimates: readBoolean(settings.inferenceModelPricingEnabled) === true && rows.length > 0,
    pricedModels: rows.map((r) => String(r.name)),
    attribution: Object.entries(ATTRIBUTION_HEADERS).every(([name, value]) => headerObject[name] === value),
    millionContext: objects.filter((m) => readBoolean(m.supports1m) === true).map((m) => String(m.name)),
    labelled: objects.filter((m) => typeof m.labelOverride === "string").length,
    gatewayOnly: readBoolean(settings.disableDeploymentModeChooser) === true,
    pinnedModels: list.length > 0,
  };
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
