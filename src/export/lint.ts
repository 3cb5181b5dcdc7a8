// Lint before export (docs/claude-desktop.md#mdm-file-formats): a file that would break every device it lands on
// is refused before it is written.
import type { JsonObject } from "../config/json-file.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { isClaudeShaped } from "../openrouter/models.js";
import { DEPRECATED_KEYS } from "../config/entry.js";

export const PLACEHOLDER_MARK = "REPLACE_ME";
export const KEY_PLACEHOLDER = `sk-or-v1-${PLACEHOLDER_MARK}`;

export interface LintProblem {
  code: "placeholder" | "model" | "base-url" | "deprecated";
  message: MessageKey;
  params: Record<string, string>;
}

function hasPlaceholder(value: unknown): boolean {
  if (typeof value === "string") return value.includes(PLACEHOLDER_MARK);
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value && typeof value === "object") return Object.values(value).some(hasPlaceholder);
  return false;
}

export function lintExport(entry: JsonObject, options: { placeholder: boolean }): LintProblem[] {
  const problems: LintProblem[] = [];
  if (!options.placeholder) {
    for (const [key, value] of Object.entries(entry)) {
      if (hasPlaceholder(value)) problems.push({ code: "placeholder", message: "error.exportLintPlaceholder", params: { key } });
    }
  }
  const models = entry.inferenceModels;
  if (models !== undefined) {
    const list = Array.isArray(models) ? models : [models];
    for (const model of list) {
      const id = typeof model === "string" ? model : model && typeof model === "object" ? (model as JsonObject).name : undefined;
      if (typeof id !== "string" || !isClaudeShaped(id))
        problems.push({ code: "model", message: "error.exportLintModel", params: { model: String(id) } });
    }
  }
  const baseUrl = entry.inferenceGatewayBaseUrl;
  if (typeof baseUrl === "string") {
    let url: URL | null = null;
    try {
      url = new URL(baseUrl);
    } catch {
      url = null;
    }
    const path = url?.pathname ?? "";
    if (url?.protocol !== "https:" || /\/v1(\/messages)?\/?$/.test(path) || (path !== "/" && path.endsWith("/")) || baseUrl.endsWith("/")) {
      problems.push({ code: "base-url", message: "error.exportLintBaseUrl", params: { url: baseUrl } });
    }
  }
  for (const key of Object.keys(DEPRECATED_KEYS))
    if (key in entry) problems.push({ code: "deprecated", message: "error.exportLintDeprecated", params: { key } });
  const scheme = entry.inferenceGatewayAuthScheme;
  if (scheme === "auto" || scheme === "sso")
    problems.push({ code: "deprecated", message: "error.exportLintDeprecated", params: { key: `inferenceGatewayAuthScheme: ${scheme}` } });
  return problems;
}
