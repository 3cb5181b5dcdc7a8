// Lint before export: a file that would break every device it lands on is refused before it is
// written. The app's own rules judge the entry; a fleet file is held to more: https only, no
// deprecated form (even before its cut-off), no placeholder left in.
import type { Finding, FindingCode } from "../config/app-rules.js";
import { judgeEntry } from "../config/entry-judge.js";
import type { JsonObject } from "../config/json-file.js";
import type { MessageKey } from "../i18n/catalogue.js";
import type { LintProblemCode } from "../core/error-codes.js";

export const PLACEHOLDER_MARK = "REPLACE_ME";
export const KEY_PLACEHOLDER = `sk-or-v1-${PLACEHOLDER_MARK}`;

export interface LintProblem {
  code: LintProblemCode;
  message: MessageKey;
  params: Record<string, string | number>;
}

function hasPlaceholder(value: unknown): boolean {
  if (typeof value === "string") return value.includes(PLACEHOLDER_MARK);
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value && typeof value === "object") return Object.values(value).some(hasPlaceholder);
  return false;
}

const DEPRECATION_CODES: readonly FindingCode[] = [
  "authScheme.deprecated",
  "authScheme.retired",
  "headers.oldForm",
  "headers.oldFormRetired",
  "key.deprecated",
  "key.retired",
  "toolPolicy.deprecated",
  "toolPolicy.retired",
];

function lintCode(finding: Finding): LintProblem["code"] {
  if (DEPRECATION_CODES.includes(finding.code)) return "deprecated";
  if (finding.key === "inferenceGatewayBaseUrl") return "base-url";
  if (finding.key === "inferenceModels") return "model";
  return "value";
}

function refuses(finding: Finding): boolean {
  return finding.severity === "error" || DEPRECATION_CODES.includes(finding.code) || finding.code === "models.removed";
}

/** What refuses the export: a placeholder (unless asked for), and every value the app would reject or no longer read. */
export function lintExport(entry: JsonObject, options: { placeholder: boolean; now?: Date }): LintProblem[] {
  const problems: LintProblem[] = [];
  if (!options.placeholder) {
    for (const [key, value] of Object.entries(entry)) {
      if (hasPlaceholder(value)) problems.push({ code: "placeholder", message: "error.exportLintPlaceholder", params: { key } });
    }
  }
  for (const finding of judgeEntry(entry, options.now ?? new Date()).filter(refuses))
    problems.push({ code: lintCode(finding), message: `rules.${finding.code}`, params: finding.params });
  const base = entry.inferenceGatewayBaseUrl;
  // Devices reach the gateway over the network: a loopback http gateway is no fleet setting.
  if (typeof base === "string" && /^http:/i.test(base.trim()) && !problems.some((p) => p.code === "base-url"))
    problems.push({ code: "base-url", message: "error.exportLintBaseUrl", params: { url: base } });
  return problems;
}

/** What the app would drop but the export may still carry: said as warnings. */
export function lintWarnings(entry: JsonObject, now: Date): Finding[] {
  return judgeEntry(entry, now).filter((f) => !refuses(f));
}
