import { maskKey } from "../openrouter/key.js";

/**
 * Hides every API key in text shown to people: the user's key wherever it appears, any value of
 * inferenceGatewayApiKey, and anything shaped like an OpenRouter, Anthropic or OpenAI key.
 */
export function maskSecrets(text: string, key?: string): string {
  let out = key && key.length > 0 ? text.split(key).join(maskKey(key)) : text;
  out = out.replace(
    /("inferenceGatewayApiKey"\s*:\s*")((?:[^"\\]|\\.)*)(")/g,
    (_m, a: string, value: string, b: string) => `${a}${value.includes("...") ? value : maskKey(value)}${b}`,
  );
  out = out.replace(/sk-(?:or|ant|proj)-[A-Za-z0-9_-]{16,}/g, (m) => maskKey(m));
  return out;
}
