// Sandbox egress hosts (coworkEgressAllowedHosts): presets, and what --egress and the wizard
// accept (the app's own host grammar, after an international name is turned into punycode).
import devPreset from "../data/egress-dev.json" with { type: "json" };
import type { Ui } from "../core/context.js";
import { usageError } from "../core/errors.js";
import { egressEntryProblem, normaliseEgressInput, type EgressProblem } from "./egress-rules.js";

export const DEV_HOSTS: readonly string[] = devPreset.hosts;
export const ALLOW_ALL = "*";

/** A host entry the app keeps, in the form it matches (lower-case, punycode). */
export function validHost(host: string): boolean {
  return host !== ALLOW_ALL && egressEntryProblem(normaliseEgressInput(host)) === null;
}

/** Typed hosts (comma or white space separated): the normalised list, or the first one the app would drop and why. */
export function parseHostList(text: string): { hosts: string[] } | { invalid: string; reason: EgressProblem } {
  const hosts: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    if (!raw.trim()) continue;
    const host = normaliseEgressInput(raw);
    const problem = host === ALLOW_ALL ? "wildcard" : egressEntryProblem(host);
    if (problem) return { invalid: raw.trim(), reason: problem };
    if (!hosts.includes(host)) hosts.push(host);
  }
  return { hosts };
}

export interface EgressChoice {
  hosts: string[];
  /** "*" was asked for: turns the network sandbox off and needs a confirmation. */
  allowAll: boolean;
}

/**
 * Parses the --egress values (repeatable; each "dev", "none", "all"/"*", or a comma list of
 * hosts). Hosts are added to those already in the entry, never removed.
 */
export function parseEgress(values: string[], t: Ui["t"]): EgressChoice {
  const hosts: string[] = [];
  let allowAll = false;
  const add = (host: string) => {
    if (!hosts.includes(host)) hosts.push(host);
  };
  for (const value of values.length > 0 ? values : ["dev"]) {
    for (const raw of value.split(",")) {
      const item = raw.trim().toLowerCase();
      if (item === "" || item === "none") continue;
      if (item === "dev") DEV_HOSTS.forEach(add);
      else if (item === "all" || item === ALLOW_ALL) {
        allowAll = true;
        add(ALLOW_ALL);
      } else {
        const parsed = parseHostList(raw);
        if ("invalid" in parsed)
          throw usageError(
            "error.egressInvalid",
            { host: parsed.invalid, reason: t(`rules.egressReason.${parsed.reason}`) },
            "hint.egressInvalid",
          );
        parsed.hosts.forEach(add);
      }
    }
  }
  return { hosts, allowAll };
}
