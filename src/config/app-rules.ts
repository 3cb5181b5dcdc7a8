// Claude Desktop's own rules for the values of a third-party configuration, written once and used
// wherever a value is accepted (setup and export options, the wizard's prompts), judged (doctor)
// or exported (the MDM lint). Each rule says what the app does with a value: reject it (the
// configuration or the key fails: an error) or drop it with a warning (the rest still applies).
// Plain functions, so doctor --offline loads no library for them.
import { hasUnsafeCharacters } from "../core/terminal-text.js";
import { domainToASCII } from "node:url";

export type Severity = "error" | "warn";

/** Every finding the judge can report; messages are `rules.<code>`, fixes `rules.fix.<code>`. */
export const FINDING_CODES = [
  "provider.invalid",
  "baseUrl.invalid",
  "baseUrl.scheme",
  "baseUrl.credentials",
  "baseUrl.secret",
  "baseUrl.v1",
  "baseUrl.slash",
  "authScheme.invalid",
  "authScheme.deprecated",
  "authScheme.retired",
  "authScheme.sso",
  "credentialKind.invalid",
  "credentialKind.notGateway",
  "credentialKind.noKey",
  "credentialKind.noHelper",
  "credentials.multiple",
  "helper.windowsPath",
  "headers.invalid",
  "headers.oldForm",
  "headers.oldFormRetired",
  "headers.value",
  "headers.name",
  "headers.nonPrintable",
  "headers.routing",
  "headers.credential",
  "headers.tooLong",
  "models.invalid",
  "models.empty",
  "models.entry",
  "models.unknownField",
  "models.tier",
  "models.maxEffort",
  "models.label",
  "models.removed",
  "models.allRemoved",
  "models.codeName",
  "discovery.needsList",
  "pricing.invalid",
  "pricing.row",
  "pricing.notEnabled",
  "pricing.multiplier",
  "egress.invalid",
  "egress.dropped",
  "displayName.invalid",
  "boolean.invalid",
  "chooser.unreadable",
  "key.deprecated",
  "key.retired",
  "toolPolicy.deprecated",
  "toolPolicy.retired",
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  /** The configuration key the finding is about. */
  key: string;
  code: FindingCode;
  severity: Severity;
  params: Record<string, string | number>;
}

// ---- characters --------------------------------------------------------------------------------

/** Length in characters (code points), as people count them, not UTF-16 units. */
export function charCount(text: string): number {
  return [...text].length;
}

/** C0/C1 controls (newline, ESC, …) and the bidirectional overrides, embeddings, isolates and marks. */
export function hasControlOrBidi(text: string): boolean {
  return hasUnsafeCharacters(text);
}

export type LabelProblem = "empty" | "tooLong" | "control";

/**
 * A label people read in the app (the entry name, deploymentDisplayName): 1–60 characters after
 * trimming, no control or bidi characters (a newline or an override would garble the list).
 */
export function labelProblem(value: string, max = 60): LabelProblem | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return "empty";
  if (charCount(trimmed) > max) return "tooLong";
  if (hasControlOrBidi(trimmed)) return "control";
  return null;
}

export const LABEL_MAX = 60;
/** Claude Code drops a model's labelOverride longer than this. */
export const MODEL_LABEL_MAX = 64;

// ---- value encoding ----------------------------------------------------------------------------

/** Numbers, arrays and objects may be native or one JSON string; a failed parse is retried with lone backslashes doubled. */
export function decodeJson(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== "string") return { ok: true, value };
  for (const text of [value, value.replace(/\\(?!["\\/bfnrtu])/g, "\\\\")]) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // next form
    }
  }
  return { ok: false };
}

/** A boolean as every source may write it; undefined = unset (null or ""), "invalid" = unreadable. */
export function readBoolean(value: unknown): boolean | undefined | "invalid" {
  if (value === undefined || value === null || value === "") return undefined;
  if (value === true || value === 1 || value === "true" || value === "1") return true;
  if (value === false || value === 0 || value === "false" || value === "0") return false;
  return "invalid";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---- connection --------------------------------------------------------------------------------

export const PROVIDERS = ["gateway", "anthropic", "bedrock", "mantle", "vertex", "foundry"] as const;
export const AUTH_SCHEMES = ["bearer", "x-api-key"] as const;
export const CREDENTIAL_KINDS = ["static", "helper-script", "interactive", "vendor-profile", "workforce", "external-idp"] as const;
/** How long the app waits for a credential helper at most, in seconds. */
export const HELPER_TIMEOUT_MAX = 600;

export type WindowsHelperPathProblem = "notAbsolute" | "unc" | "characters" | "parent";

/**
 * inferenceCredentialHelperWindows: an absolute drive-letter path (C:\…); no UNC share, no `~`,
 * quotes or `%`, no `..` segment. Null when the app accepts it.
 */
export function windowsHelperPathProblem(value: string): WindowsHelperPathProblem | null {
  if (/^[\\/]{2}/.test(value)) return "unc";
  if (!/^[A-Za-z]:[\\/]/.test(value)) return "notAbsolute";
  if (/[~"'%]/.test(value)) return "characters";
  if (value.split(/[\\/]/).includes("..")) return "parent";
  return null;
}

export const GATEWAY_CREDENTIAL_KINDS = ["static", "helper-script", "interactive", "external-idp"] as const;

/** The only hosts where a plain-http gateway is accepted. */
const HTTP_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function httpAllowedHost(hostname: string): boolean {
  return HTTP_HOSTS.has(hostname.toLowerCase());
}

/** Authorities that look like a secret pasted into the URL: OpenRouter, Anthropic or GitHub tokens, a JWT. */
const SECRET_AUTHORITY = /sk-or-v1-|sk-ant-|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

export type BaseUrlProblem = "invalid" | "scheme" | "credentials" | "secret" | "v1" | "slash";

/** A URL as the app reads one typed without a scheme: trimmed, https:// added when there is none. */
export function withScheme(value: string): string {
  const trimmed = value.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/**
 * The gateway base URL as the app judges it: trimmed, https:// added when there is no scheme;
 * https, or http on 127.0.0.1, localhost or [::1] only; no user:password or backslash in the
 * authority, and no authority that looks like a secret. The app stores it as written and calls
 * <base>/v1/messages, so a /v1 suffix or a trailing slash is judged too (requests would miss).
 */
export function baseUrlProblem(value: string): BaseUrlProblem | null {
  const trimmed = value.trim();
  if (trimmed === "") return "invalid";
  const full = withScheme(trimmed);
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(full)?.[1] ?? "";
  if (authority.includes("\\")) return "credentials";
  if (SECRET_AUTHORITY.test(authority)) return "secret";
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    return "invalid";
  }
  if (url.username || url.password || authority.includes("@")) return "credentials";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && httpAllowedHost(url.hostname))) return "scheme";
  if (/\/v1(\/messages)?\/*$/.test(url.pathname)) return "v1";
  if (trimmed.endsWith("/")) return "slash";
  return null;
}

// ---- sandbox egress ----------------------------------------------------------------------------

export type EgressProblem = "empty" | "scheme" | "path" | "ipv6" | "wildcard" | "port" | "noDot" | "chars" | "ipv4";

function validIPv4(labels: string[]): boolean {
  return labels.length === 4 && labels.every((l) => /^(0|[1-9]\d{0,2})$/.test(l) && Number(l) <= 255);
}

/**
 * One coworkEgressAllowedHosts entry as the app reads it: `*`, `localhost`, `host[:port]` or
 * `*.host[:port]`; labels of [a-z0-9_-] with at least one dot (localhost aside); port 1–65535,
 * none on a bare `*`; no scheme, path or IPv6; one leading `*.` only. An all-number host must be
 * a real IPv4 address (matched exactly, so never behind a wildcard).
 */
export function egressEntryProblem(entry: string): EgressProblem | null {
  if (entry === "") return "empty";
  if (entry === "*" || entry === "localhost") return null;
  if (entry.startsWith("*:")) return "port";
  if (entry.includes("://")) return "scheme";
  if (entry.includes("/")) return "path";
  if (entry.startsWith("[") || (entry.match(/:/g)?.length ?? 0) > 1) return "ipv6";
  const wildcard = entry.startsWith("*.");
  let rest = wildcard ? entry.slice(2) : entry;
  if (rest.includes("*")) return "wildcard";
  const colon = rest.lastIndexOf(":");
  if (colon >= 0) {
    const port = rest.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return "port";
    rest = rest.slice(0, colon);
  }
  if (rest === "localhost" && !wildcard) return null;
  const labels = rest.split(".");
  if (labels.length < 2) return "noDot";
  if (!labels.every((l) => /^[a-z0-9_-]+$/.test(l))) return "chars";
  if (labels.every((l) => /^\d+$/.test(l)) && (wildcard || !validIPv4(labels))) return "ipv4";
  return null;
}

/**
 * What a person typed, in the form the app matches: trimmed, lower-case, an international name
 * in its ASCII (punycode) form, so `münchen.de` is judged and written as `xn--mnchen-3ya.de`.
 */
export function normaliseEgressInput(raw: string): string {
  const item = raw.trim().toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/^[\x00-\x7f]*$/.test(item)) return item;
  const match = /^(\*\.)?([^:]*)(:.*)?$/.exec(item);
  if (!match) return item;
  const ascii = domainToASCII(match[2] ?? "");
  return ascii ? `${match[1] ?? ""}${ascii}${match[3] ?? ""}` : item;
}

// ---- models ------------------------------------------------------------------------------------

export const FAMILY_TIERS = ["sonnet", "opus", "haiku", "fable", "mythos"] as const;
export const MAX_EFFORTS = ["low", "medium", "high", "xhigh", "max"] as const;
export const MODEL_FIELDS = [
  "name",
  "labelOverride",
  "supports1m",
  "prefer1m",
  "anthropicFamilyTier",
  "isFamilyDefault",
  "maxEffort",
  "minDesktopVersion",
] as const;
const CLAUDE_WORDS = ["claude", "anthropic", ...FAMILY_TIERS];
/** Other vendors' words that make a gateway model name fail even when it also names Claude. */
const OTHER_VENDOR_WORDS = ["gpt", "openai", "gemini", "deepseek", "qwen", "llama", "mistral", "grok", "kimi", "glm"];
export const MODEL_NAME_MAX = 512;

/** A bare tier alias (`sonnet`, `opus[1m]`): resolved by the app, not a full model id. */
export function isTierAlias(name: string): boolean {
  return (FAMILY_TIERS as readonly string[]).includes(
    name
      .trim()
      .toLowerCase()
      .replace(/\[1m\]$/, ""),
  );
}

/**
 * The app's gateway model-name rule: a tier alias, or a name that contains a Claude word and no
 * other vendor's word. A failing name is removed from the list at run time.
 */
export function gatewayAcceptsModelName(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (n === "") return false;
  if (isTierAlias(n)) return true;
  return CLAUDE_WORDS.some((w) => n.includes(w)) && !OTHER_VENDOR_WORDS.some((w) => n.includes(w));
}

/** Claude Code (the Code tab) also needs printable ASCII without spaces, at most 512 characters. */
export function codeAcceptsModelName(name: string): boolean {
  return name.length > 0 && name.length <= MODEL_NAME_MAX && /^[\x21-\x7e]+$/.test(name);
}

export type ModelNameProblem = "empty" | "notClaude" | "notAscii";

/** What setup and export accept for a model name: both rules, so the model works in every tab. */
export function modelNameProblem(name: string): ModelNameProblem | null {
  if (name.trim() === "") return "empty";
  if (!codeAcceptsModelName(name)) return "notAscii";
  if (!gatewayAcceptsModelName(name)) return "notClaude";
  return null;
}

// ---- pricing -----------------------------------------------------------------------------------

export const PRICE_FIELDS = ["inputPerMtok", "outputPerMtok", "cacheReadPerMtok", "cacheWritePerMtok"] as const;
export const PRICE_MAX = 10_000;

export function validPrice(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= PRICE_MAX;
}

// ---- deprecations ------------------------------------------------------------------------------

/** The deprecation batches: old forms accepted until 12:00 Pacific time on these days. */
export const CUTOFF_2026_10_07 = "2026-10-07T12:00:00-07:00";
export const CUTOFF_2026_11_17 = "2026-11-17T12:00:00-08:00";

/** Deprecated keys, the key that replaces each ("" when none) and the day it stops being read. */
export const DEPRECATED_KEYS: Readonly<Record<string, { replacement: string; cutoff: string }>> = {
  inferenceGatewayHeaders: { replacement: "inferenceCustomHeaders", cutoff: CUTOFF_2026_10_07 },
  isDxtEnabled: { replacement: "isDesktopExtensionEnabled", cutoff: CUTOFF_2026_10_07 },
  isDxtSignatureRequired: { replacement: "isDesktopExtensionSignatureRequired", cutoff: CUTOFF_2026_10_07 },
  trustBootstrapLocalExec: { replacement: "trustBootstrapDelivery", cutoff: CUTOFF_2026_10_07 },
  enduserAttribution: { replacement: "endUserAttribution", cutoff: CUTOFF_2026_10_07 },
  // Removed in 1.18286.0, before the batches: retired whatever the date.
  disableDefaultPlugins: { replacement: "", cutoff: "2026-01-01T00:00:00Z" },
  allowOptionalClientAuth: { replacement: "", cutoff: CUTOFF_2026_11_17 },
};

function pastCutoff(now: Date, cutoff: string): boolean {
  return now.getTime() >= Date.parse(cutoff);
}

function day(cutoff: string): string {
  return cutoff.slice(0, 10);
}

// ---- the judge ---------------------------------------------------------------------------------

type Add = (key: string, code: FindingCode, severity: Severity, params?: Record<string, string | number>) => void;

const ROUTING_HEADER =
  /^(host|forwarded|x-forwarded-.*|content-length|proxy-.*|connection|keep-alive|transfer-encoding|te|trailer|upgrade)$/i;
const CREDENTIAL_HEADER_NAME = /^(authorization|cookie|x-api-key|api-key)$|token|secret|password|api[-_]?key/i;
const CREDENTIAL_HEADER_VALUE = /^(bearer|basic)\s|sk-or-|sk-ant-|^eyJ[A-Za-z0-9_-]+\./i;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADERS_MAX = 1024;

function judgeConnection(entry: Record<string, unknown>, now: Date, add: Add): void {
  const provider = entry.inferenceProvider;
  if (provider !== undefined && provider !== null && !(PROVIDERS as readonly unknown[]).includes(provider))
    add("inferenceProvider", "provider.invalid", "error", { value: String(provider) });

  const base = entry.inferenceGatewayBaseUrl;
  if (base !== undefined && base !== null && base !== "") {
    const problem = typeof base === "string" ? baseUrlProblem(base) : "invalid";
    if (problem) add("inferenceGatewayBaseUrl", `baseUrl.${problem}`, "error", { url: String(base) });
  }

  const scheme = entry.inferenceGatewayAuthScheme;
  if (scheme !== undefined && scheme !== null && scheme !== "" && !(AUTH_SCHEMES as readonly unknown[]).includes(scheme)) {
    if (scheme === "auto") {
      const retired = pastCutoff(now, CUTOFF_2026_10_07);
      add("inferenceGatewayAuthScheme", retired ? "authScheme.retired" : "authScheme.deprecated", retired ? "error" : "warn", {
        value: "auto",
        date: day(CUTOFF_2026_10_07),
      });
    } else if (scheme === "sso") add("inferenceGatewayAuthScheme", "authScheme.sso", "error", { value: "sso" });
    else add("inferenceGatewayAuthScheme", "authScheme.invalid", "error", { value: String(scheme) });
  }

  const kind = entry.inferenceCredentialKind;
  const hasKey = typeof entry.inferenceGatewayApiKey === "string" && entry.inferenceGatewayApiKey !== "";
  const hasHelper = typeof entry.inferenceCredentialHelper === "string" && entry.inferenceCredentialHelper !== "";
  if (kind === undefined || kind === null || kind === "") {
    if (hasKey && hasHelper) add("inferenceCredentialKind", "credentials.multiple", "warn");
  } else if (!(CREDENTIAL_KINDS as readonly unknown[]).includes(kind)) {
    add("inferenceCredentialKind", "credentialKind.invalid", "error", { value: String(kind) });
  } else if (provider === "gateway" && !(GATEWAY_CREDENTIAL_KINDS as readonly unknown[]).includes(kind)) {
    add("inferenceCredentialKind", "credentialKind.notGateway", "error", { value: String(kind) });
  } else if (kind === "static" && !hasKey) {
    add("inferenceCredentialKind", "credentialKind.noKey", "error");
  } else if (kind === "helper-script" && !hasHelper && !isSet(entry.inferenceCredentialHelperWindows)) {
    add("inferenceCredentialKind", "credentialKind.noHelper", "error");
  }
  judgeHelper(entry, add);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** The credential helper's Windows path. */
function judgeHelper(entry: Record<string, unknown>, add: Add): void {
  const windows = entry.inferenceCredentialHelperWindows;
  if (isSet(windows)) {
    const problem = typeof windows === "string" ? windowsHelperPathProblem(windows) : "notAbsolute";
    if (problem) add("inferenceCredentialHelperWindows", "helper.windowsPath", "error", { path: String(windows) });
  }
}

function judgeHeaders(entry: Record<string, unknown>, now: Date, add: Add): void {
  const raw = entry.inferenceCustomHeaders;
  if (raw === undefined || raw === null || raw === "") return;
  const decoded = decodeJson(raw);
  // "Name=value,…" text or a ["Name: value"] list: the forms that stopped being accepted.
  const oldForm = !decoded.ok ? typeof raw === "string" : Array.isArray(decoded.value);
  if (oldForm) {
    const retired = pastCutoff(now, CUTOFF_2026_10_07);
    add("inferenceCustomHeaders", retired ? "headers.oldFormRetired" : "headers.oldForm", retired ? "error" : "warn", {
      date: day(CUTOFF_2026_10_07),
    });
    return;
  }
  if (!decoded.ok || !isObject(decoded.value)) {
    add("inferenceCustomHeaders", "headers.invalid", "error");
    return;
  }
  const lines: string[] = [];
  for (const [name, value] of Object.entries(decoded.value)) {
    if (typeof value !== "string") {
      add("inferenceCustomHeaders", "headers.value", "error", { header: name });
      continue;
    }
    lines.push(`${name}: ${value}`);
    if (!HEADER_NAME.test(name)) add("inferenceCustomHeaders", "headers.name", "warn", { header: name });
    else if (ROUTING_HEADER.test(name)) add("inferenceCustomHeaders", "headers.routing", "warn", { header: name });
    else if (CREDENTIAL_HEADER_NAME.test(name) || CREDENTIAL_HEADER_VALUE.test(value))
      add("inferenceCustomHeaders", "headers.credential", "warn", { header: name });
    else if (!/^[\x20-\x7e]*$/.test(value)) add("inferenceCustomHeaders", "headers.nonPrintable", "warn", { header: name });
  }
  const total = lines.join("\n").length;
  if (total > HEADERS_MAX) add("inferenceCustomHeaders", "headers.tooLong", "warn", { length: total, max: HEADERS_MAX });
}

/** The names in an inferenceModels value (strings or objects), or null when it is not a list. */
export function modelNames(value: unknown): string[] | null {
  const decoded = decodeJson(value);
  if (!decoded.ok || !Array.isArray(decoded.value)) return null;
  return decoded.value.map((item) =>
    typeof item === "string" ? item.trim() : isObject(item) && typeof item.name === "string" ? item.name.trim() : "",
  );
}

function judgeModels(entry: Record<string, unknown>, add: Add): void {
  const raw = entry.inferenceModels;
  const discovery = readBoolean(entry.modelDiscoveryEnabled);
  if (discovery === "invalid") add("modelDiscoveryEnabled", "boolean.invalid", "error", { key: "modelDiscoveryEnabled" });
  const unset = raw === undefined || raw === null || raw === "";
  if (unset) {
    if (discovery === false) add("modelDiscoveryEnabled", "discovery.needsList", "error");
    return;
  }
  const decoded = decodeJson(raw);
  if (!decoded.ok || !Array.isArray(decoded.value)) {
    add("inferenceModels", "models.invalid", "error");
    return;
  }
  const list = decoded.value;
  if (list.length === 0) {
    add("inferenceModels", "models.empty", "error");
    return;
  }
  const names: string[] = [];
  list.forEach((item, index) => {
    if (typeof item === "string" && item.trim() !== "") {
      names.push(item.trim());
      return;
    }
    if (!isObject(item) || typeof item.name !== "string" || item.name.trim() === "") {
      add("inferenceModels", "models.entry", "error", { index: index + 1 });
      return;
    }
    const name = item.name.trim();
    names.push(name);
    for (const field of Object.keys(item))
      if (!(MODEL_FIELDS as readonly string[]).includes(field))
        add("inferenceModels", "models.unknownField", "warn", { model: name, field });
    const tier = item.anthropicFamilyTier;
    if (tier !== undefined && !(typeof tier === "string" && (FAMILY_TIERS as readonly string[]).includes(tier.toLowerCase())))
      add("inferenceModels", "models.tier", "warn", { model: name, value: String(tier) });
    const effort = item.maxEffort;
    if (effort !== undefined && !(MAX_EFFORTS as readonly unknown[]).includes(effort))
      add("inferenceModels", "models.maxEffort", "warn", { model: name, value: String(effort) });
    if (typeof item.labelOverride === "string" && charCount(item.labelOverride) > MODEL_LABEL_MAX)
      add("inferenceModels", "models.label", "warn", { model: name, max: MODEL_LABEL_MAX });
  });
  const removed = names.filter((n) => !gatewayAcceptsModelName(n));
  if (names.length > 0 && removed.length === names.length)
    add("inferenceModels", "models.allRemoved", "error", { models: removed.join(", ") });
  else if (removed.length > 0) add("inferenceModels", "models.removed", "warn", { models: removed.join(", ") });
  const notForCode = names.filter((n) => gatewayAcceptsModelName(n) && !codeAcceptsModelName(n));
  if (notForCode.length > 0) add("inferenceModels", "models.codeName", "warn", { models: notForCode.join(", ") });
  if (discovery === false && names.some(isTierAlias)) add("modelDiscoveryEnabled", "discovery.needsList", "error");
}

function judgePricing(entry: Record<string, unknown>, add: Add): void {
  const enabled = readBoolean(entry.inferenceModelPricingEnabled);
  if (enabled === "invalid") add("inferenceModelPricingEnabled", "boolean.invalid", "error", { key: "inferenceModelPricingEnabled" });
  const raw = entry.inferenceModelPricing;
  if (raw !== undefined && raw !== null && raw !== "") {
    const decoded = decodeJson(raw);
    if (!decoded.ok || !Array.isArray(decoded.value)) add("inferenceModelPricing", "pricing.invalid", "error");
    else {
      decoded.value.forEach((row, index) => {
        const label = isObject(row) && typeof row.name === "string" && row.name.trim() !== "" ? row.name : `#${index + 1}`;
        if (!isObject(row) || label.startsWith("#")) {
          add("inferenceModelPricing", "pricing.row", "error", { row: label, field: "name" });
          return;
        }
        const bad = PRICE_FIELDS.find((field) => !validPrice(row[field]));
        if (bad) add("inferenceModelPricing", "pricing.row", "error", { row: label, field: bad });
      });
      if (enabled !== true) add("inferenceModelPricing", "pricing.notEnabled", "warn");
    }
  }
  const multiplier = entry.inferenceModelPricingMultiplier;
  if (multiplier !== undefined && multiplier !== null && multiplier !== "") {
    const n = typeof multiplier === "string" ? Number(multiplier) : multiplier;
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || n > 1)
      add("inferenceModelPricingMultiplier", "pricing.multiplier", "error", { value: String(multiplier) });
  }
}

function judgeEgress(entry: Record<string, unknown>, add: Add): void {
  const raw = entry.coworkEgressAllowedHosts;
  if (raw === undefined || raw === null || raw === "") return;
  const decoded = decodeJson(raw);
  if (!decoded.ok || !Array.isArray(decoded.value)) {
    add("coworkEgressAllowedHosts", "egress.invalid", "error");
    return;
  }
  for (const host of decoded.value) {
    const problem = typeof host === "string" ? egressEntryProblem(host) : "chars";
    if (problem) add("coworkEgressAllowedHosts", "egress.dropped", "warn", { host: String(host), reason: problem });
  }
}

function judgeOther(entry: Record<string, unknown>, now: Date, add: Add): void {
  const display = entry.deploymentDisplayName;
  if (display !== undefined && display !== null) {
    const trimmed = typeof display === "string" ? display.trim() : "";
    if (trimmed === "" || charCount(trimmed) > LABEL_MAX)
      add("deploymentDisplayName", "displayName.invalid", "error", { value: String(display), max: LABEL_MAX });
  }
  if (readBoolean(entry.disableDeploymentModeChooser) === "invalid")
    add("disableDeploymentModeChooser", "chooser.unreadable", "warn", { value: String(entry.disableDeploymentModeChooser) });
  for (const [key, { replacement, cutoff }] of Object.entries(DEPRECATED_KEYS)) {
    if (!(key in entry)) continue;
    const retired = pastCutoff(now, cutoff);
    add(key, retired ? "key.retired" : "key.deprecated", retired ? "error" : "warn", {
      key,
      replacement: replacement || "-",
      date: day(cutoff),
    });
  }
  const policy = decodeJson(entry.builtinToolPolicy);
  if (policy.ok && JSON.stringify(policy.value ?? null).includes('"ask-session"')) {
    const retired = pastCutoff(now, CUTOFF_2026_10_07);
    add("builtinToolPolicy", retired ? "toolPolicy.retired" : "toolPolicy.deprecated", retired ? "error" : "warn", {
      date: day(CUTOFF_2026_10_07),
    });
  }
}

/**
 * Judges a whole entry (flat keys, native JSON or JSON strings as managed stores write them) as
 * the app would on `now`: every value it rejects (error) or drops (warning).
 */
export function judgeEntry(entry: Record<string, unknown>, now: Date): Finding[] {
  const findings: Finding[] = [];
  const add: Add = (key, code, severity, params = {}) => findings.push({ key, code, severity, params });
  judgeConnection(entry, now, add);
  judgeHeaders(entry, now, add);
  judgeModels(entry, add);
  judgePricing(entry, add);
  judgeEgress(entry, add);
  judgeOther(entry, now, add);
  return findings;
}
