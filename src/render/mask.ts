// The one masking of secrets in configuration shown to people: `show` (settings as values) and
// the plan's diff (file text) hide the same values the same way. A value is secret by its name
// (…Key, …Token, …Secret, …Password, Authorization, …), by its place (an MCP server's `env`), or
// by its shape (anything that looks like a credential, see core/credentials.ts).
import { type JSONPath, visit } from "jsonc-parser";
import { looksLikeCredential, maskCredential, maskCredentials } from "../core/credentials.js";
import { maskKey } from "../openrouter/key.js";

/** Words that make a setting's name a secret's name, however it is cased or separated. */
const SECRET_WORDS = new Set(["key", "apikey", "token", "secret", "password", "passwd", "passphrase", "authorization", "cookie", "pat"]);

/** "inferenceGatewayApiKey", "GITHUB_PERSONAL_ACCESS_TOKEN", "x-api-key": secret names; "keyboardShortcut" is not. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

/** Whether the value at this path (keys from the file's root) is a secret by its name or place. */
export function isSecretPath(path: readonly (string | number)[]): boolean {
  const name = path.findLast((part): part is string => typeof part === "string");
  if (name !== undefined && isSecretName(name)) return true;
  // Every variable of an MCP server's environment: tokens hide behind any name there.
  return path[0] === "mcpServers" && path[2] === "env" && path.length >= 4;
}

/** A secret value as shown: a credential keeps its prefix and last 4; anything else shows less. */
export function maskSecretValue(value: string): string {
  if (looksLikeCredential(value)) return maskCredentials(value);
  return maskCredential(value, 0);
}

/** A copy of a settings value with every secret masked (what `show` prints). */
export function maskSettings(value: unknown, path: (string | number)[] = []): unknown {
  if (typeof value === "string") return isSecretPath(path) ? maskSecretValue(value) : maskCredentials(value, { random: true });
  if (Array.isArray(value)) return value.map((item, index) => maskSettings(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, maskSettings(item, [...path, name])]));
  }
  return value;
}

/**
 * The text of a JSON file with the same values masked as maskSettings masks, every other byte
 * kept (so a diff of two masked texts shows only the real changes), and the user's key, given as
 * `key`, masked wherever it appears.
 */
export function maskJsonText(text: string, key?: string): string {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const edits: { offset: number; length: number; text: string }[] = [];
  visit(
    body,
    {
      onLiteralValue(value: unknown, offset: number, length: number, _line: number, _column: number, pathSupplier: () => JSONPath) {
        if (typeof value !== "string") return;
        const masked = maskSettings(value, pathSupplier()) as string;
        if (masked !== value) edits.push({ offset, length, text: JSON.stringify(masked) });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  let out = body;
  for (const edit of edits.reverse()) out = out.slice(0, edit.offset) + edit.text + out.slice(edit.offset + edit.length);
  if (key && key.length > 0) out = out.split(key).join(maskKey(key));
  // Property names and comments too: anything shaped like a credential.
  return bom + maskCredentials(out);
}
