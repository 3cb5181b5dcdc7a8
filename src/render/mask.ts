// The one masking of secrets in configuration shown to people: `show` (settings as values) and
// the plan's diff (file text) hide the same values the same way. A value is secret by its name
// (…Key, …Token, …Secret, …Password, Authorization, …), by its place (an MCP server's `env`), or
// by its shape (anything that looks like a credential, see core/credentials.ts). The masking of
// a file's text, which needs a JSON parser, is ./mask-text.ts (loaded with the diffs).
import { looksLikeCredential, maskCredential, maskCredentials } from "../core/credentials.js";
import { maskKey } from "../openrouter/key.js";

/** Words that make a setting's name a secret's name, however it is cased or separated. */
const SECRET_WORDS = new Set(["key", "apikey", "token", "secret", "password", "passwd", "passphrase", "authorization", "cookie", "pat"]);

/** A name's words, however it is cased or separated: "inferenceGatewayApiKey" → inference, gateway, api, key. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

/** "inferenceGatewayApiKey", "GITHUB_PERSONAL_ACCESS_TOKEN", "x-api-key": secret names; "keyboardShortcut" is not. */
export function isSecretName(name: string): boolean {
  return nameWords(name).some((word) => SECRET_WORDS.has(word));
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
  // An OpenRouter key as everywhere else (first 12 and last 4), whoever shows it.
  if (/^sk-or-[A-Za-z0-9_-]{16,}$/.test(value)) return maskKey(value);
  if (looksLikeCredential(value)) return maskCredentials(value);
  return maskCredential(value, 0);
}

/** Words of a command-line flag that make the word after it (or its `=value`) a secret. */
const FLAG_WORDS = new Set([...SECRET_WORDS, "auth", "credential", "credentials", "pass", "bearer"]);

/** "--api-key", "--token", "--client-secret", "-password", "--auth": a flag whose value is a secret. */
function isSecretFlag(arg: string): boolean {
  const name = /^--?([A-Za-z][A-Za-z0-9_.-]{0,63})$/.exec(arg)?.[1];
  if (!name) return false;
  return nameWords(name).some((word) => FLAG_WORDS.has(word));
}

/** Headers whose value is a credential, besides every name isSecretName takes. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** "Authorization: Bearer …", "X-Api-Key: …": a header as one string (in args, in env). */
const HEADER = /^(\s*)([A-Za-z][A-Za-z0-9_-]{0,63})(\s*[:=]\s*)(\S[\s\S]*)$/;
/** The scheme of an Authorization value, kept in sight: only what follows it is the credential. */
const AUTH_SCHEME = /^((?:Bearer|Basic|Token|Digest|Bot|ApiKey)\s+)([\s\S]+)$/i;
/** A URL's user information with a password: scheme://user:password@ (the scheme anchored at its start). */
const USERINFO = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s/?#@:]*:)([^\s/?#@]+)@/g;
/** A query or fragment parameter: its name decides. */
const PARAMETER = /([?&;#])([A-Za-z0-9_.-]{1,64})=([^&#;\s"']+)/g;

/** A header value: its scheme kept, the rest masked. */
function maskHeaderValue(value: string): string {
  const scheme = AUTH_SCHEME.exec(value);
  return scheme ? `${scheme[1]}${maskSecretValue(scheme[2]!)}` : maskSecretValue(value);
}

/**
 * A string with the secrets it holds by its shape masked: `--api-key=VALUE`, a secret header
 * `Name: value`, a URL's password (`https://user:password@…`) and secret-looking query parameters
 * (`?api_key=…`, `token=`, `access_token=`, `key=`, `secret=`, `password=`), then anything shaped
 * like a credential.
 */
function maskByShape(value: string): string {
  let out = value;
  const equals = value.indexOf("=");
  if (value.startsWith("-") && equals > 0 && isSecretFlag(value.slice(0, equals))) {
    out = `${value.slice(0, equals + 1)}${maskSecretValue(value.slice(equals + 1))}`;
  } else {
    const header = HEADER.exec(value);
    const name = header?.[2]?.toLowerCase();
    if (header && name && header[3]!.includes(":") && (SECRET_HEADERS.has(name) || isSecretName(name))) {
      out = `${header[1]}${header[2]}${header[3]}${maskHeaderValue(header[4]!)}`;
    } else {
      out = value
        .replace(USERINFO, (_whole, head: string, password: string) => `${head}${maskSecretValue(password)}@`)
        .replace(PARAMETER, (whole, sep: string, param: string, secret: string) =>
          isSecretName(param) || isSecretFlag(`--${param}`) ? `${sep}${param}=${maskSecretValue(secret)}` : whole,
        );
    }
  }
  return maskCredentials(out, { random: true });
}

/**
 * The one decision on how a string in a configuration is shown (by `show`, the plan's diff and
 * doctor --fix's diff): masked whole when its name or place makes it a secret (a secret setting,
 * an MCP server's env, the word after a secret flag such as `--api-key` in an array), else with the
 * secrets its shape shows masked.
 */
export function maskString(value: string, path: readonly (string | number)[], previous?: unknown): string {
  if (isSecretPath(path)) return maskSecretValue(value);
  if (typeof path.at(-1) === "number" && typeof previous === "string" && isSecretFlag(previous) && !value.startsWith("--"))
    return maskSecretValue(value);
  return maskByShape(value);
}

/** A copy of a settings value with every secret masked (what `show` prints). */
export function maskSettings(value: unknown, path: (string | number)[] = []): unknown {
  if (typeof value === "string") return maskString(value, path);
  if (Array.isArray(value))
    return value.map((item, index) =>
      typeof item === "string" ? maskString(item, [...path, index], value[index - 1]) : maskSettings(item, [...path, index]),
    );
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, maskSettings(item, [...path, name])]));
  }
  return value;
}
