// Sandbox egress hosts (coworkEgressAllowedHosts): presets and validation.
import devPreset from "../data/egress-dev.json" with { type: "json" };
import { usageError } from "../core/errors.js";

export const DEV_HOSTS: readonly string[] = devPreset.hosts;
export const ALLOW_ALL = "*";

/** A hostname or a "*." wildcard; no scheme, path or port (older builds reject port entries). */
export function validHost(host: string): boolean {
  if (host.length > 253) return false;
  const name = host.startsWith("*.") ? host.slice(2) : host;
  const labels = name.split(".");
  return labels.length >= 1 && labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) && (labels.length > 1 || host === name);
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
export function parseEgress(values: string[]): EgressChoice {
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
      } else if (validHost(item)) add(item);
      else throw usageError("error.egressInvalid", { host: raw.trim() }, "hint.egressInvalid");
    }
  }
  return { hosts, allowAll };
}
