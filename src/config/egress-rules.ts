// The app's grammar for sandbox egress hosts (coworkEgressAllowedHosts): which entries it keeps,
// and the form it matches a typed host in. Plain functions, like the rest of the app's rules.
import { domainToASCII } from "node:url";

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
