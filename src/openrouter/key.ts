// The API key as the user hands it to us: cleaned, shape-checked, and masked for display.
import { CliError } from "../core/errors.js";

/** Whether a key's expiry (ISO date from /v1/key, or null for never) has passed. */
export function isExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now.getTime();
}

export const KEY_PATTERN = /^sk-or-v1-[0-9a-f]{64}$/;

/** Where keys are made, and where each key's spending limit is set. */
export const KEYS_PAGE = "https://openrouter.ai/settings/keys";

/**
 * Surrounding white space and matching quotes are common paste artefacts, and so is the
 * "Bearer " of an Authorization header copied whole.
 */
export function cleanKey(input: string): string {
  let key = input.trim();
  for (;;) {
    const m = /^(["'`])([\s\S]*)\1$/.exec(key);
    if (!m || m[2] === undefined) break;
    key = m[2].trim();
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(key);
  return bearer?.[1] ?? key;
}

export type KeyShape = "ok" | "unusual";

/** ok, unusual (warn), or a typed error that says what the key really is. */
export function checkKeyShape(key: string): KeyShape {
  if (key.length === 0) {
    throw new CliError({ code: "key.empty", exitCode: 2, message: "error.keyEmpty", hint: "hint.keyMissing" });
  }
  if (KEY_PATTERN.test(key)) return "ok";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(key)) {
    // Shown masked, and with the control characters themselves made visible.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: see above
    const masked = maskKey(key).replace(/[\u0000-\u001f\u007f]/g, "\ufffd");
    throw new CliError({ code: "key.control", exitCode: 2, message: "error.keyControl", params: { masked }, hint: "hint.keyNew" });
  }
  if (/\s/.test(key)) {
    throw new CliError({ code: "key.whitespace", exitCode: 2, message: "error.keyWhitespace", hint: "hint.keyNew" });
  }
  if (key.startsWith("sk-or-")) return "unusual";
  const kind = key.startsWith("sk-ant-")
    ? "anthropic"
    : key.startsWith("sk-proj-") || key.startsWith("sk-")
      ? "openai"
      : /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(key)
        ? "jwt"
        : "unknown";
  const message =
    kind === "anthropic"
      ? "error.keyAnthropic"
      : kind === "openai"
        ? "error.keyOpenAI"
        : kind === "jwt"
          ? "error.keyJwt"
          : "error.keyUnknown";
  throw new CliError({ code: `key.wrong-kind`, exitCode: 2, message, hint: "hint.keyNew" });
}

/** The first 12 and last 4 characters, the rest elided; short strings are fully hidden. */
export function maskKey(key: string): string {
  if (key.length < 20) return "*".repeat(Math.min(key.length, 8));
  return `${key.slice(0, 12)}...${key.slice(-4)}`;
}
