// The judge of a whole third-party entry, as Claude Desktop reads it on a given day: every value it
// rejects (an error) or drops (a warning), with the deprecation batches that retire old forms.
// Used by doctor and the MDM lint; the rules for single values are in app-rules.ts.
import {
  AUTH_SCHEMES,
  baseUrlProblem,
  charCount,
  codeAcceptsModelName,
  CREDENTIAL_KINDS,
  decodeJson,
  FAMILY_TIERS,
  type Finding,
  type FindingCode,
  GATEWAY_CREDENTIAL_KINDS,
  gatewayAcceptsModelName,
  isTierAlias,
  LABEL_MAX,
  MAX_EFFORTS,
  MODEL_FIELDS,
  MODEL_LABEL_MAX,
  PRICE_FIELDS,
  PROVIDERS,
  readBoolean,
  type Severity,
  validPrice,
  windowsHelperPathProblem,
} from "./app-rules.js";
import { egressEntryProblem } from "./egress-rules.js";
import { CUTOFF_2026_10_07, DEPRECATED_KEYS, day, pastCutoff } from "./deprecations.js";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---- the judge ---------------------------------------------------------------------------------

type Add = (key: string, code: FindingCode, severity: Severity, params?: Record<string, string | number>) => void;

// Matched against the text with its ASCII letters in lower case, which is what the `i` flag would
// do: V8 builds Unicode case tables when it compiles a pattern with that flag (about 2 M
// instructions for these three, at every doctor run).
const ROUTING_HEADER =
  /^(host|forwarded|x-forwarded-.*|content-length|proxy-.*|connection|keep-alive|transfer-encoding|te|trailer|upgrade)$/;
const CREDENTIAL_HEADER_NAME = /^(authorization|cookie|x-api-key|api-key)$|token|secret|password|api[-_]?key/;
const CREDENTIAL_HEADER_VALUE = /^(bearer|basic)\s|sk-or-|sk-ant-|^eyj[a-z0-9_-]+\./;
/** The text with A–Z in lower case and every other character as it is. */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
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
    const lowerName = asciiLower(name);
    if (!HEADER_NAME.test(name)) add("inferenceCustomHeaders", "headers.name", "warn", { header: name });
    else if (ROUTING_HEADER.test(lowerName)) add("inferenceCustomHeaders", "headers.routing", "warn", { header: name });
    else if (CREDENTIAL_HEADER_NAME.test(lowerName) || CREDENTIAL_HEADER_VALUE.test(asciiLower(value)))
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
