// Claude Desktop's own rules for the values of a third-party configuration, written once and used
// wherever a value is accepted (setup and export options, the wizard's prompts), judged (doctor)
// or exported (the MDM lint). Each rule says what the app does with a value: reject it (the
// configuration or the key fails: an error) or drop it with a warning (the rest still applies).
// Plain functions, so doctor --offline loads no library for them. Here: the findings' vocabulary,
// labels, value encoding, the connection, models and prices; the sandbox's host grammar is in
// egress-rules.ts, and the judge of a whole entry (with the deprecations) in entry-judge.ts.
import { hasUnsafeCharacters } from "../core/terminal-text.js";

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
  // Both cases spelled out: the `i` flag makes V8 build Unicode case tables when it compiles.
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
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
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(full)?.[1] ?? "";
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
