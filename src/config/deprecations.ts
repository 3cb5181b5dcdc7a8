// The app's deprecation batches: old forms of the configuration that it reads until a cutoff day,
// then rejects (docs/entry.md). The whole-entry judge (entry-judge.ts) dates its warnings from these.

/** The deprecation batches: old forms accepted until 12:00 Pacific time on these days. */
export const CUTOFF_2026_10_07 = "2026-10-07T12:00:00-07:00";
export const CUTOFF_2026_11_17 = "2026-11-17T12:00:00-08:00";

/** Deprecated keys, the key that replaces each ("" when none) and the day it stops being read. */
export const DEPRECATED_KEYS: Readonly<Record<string, { replacement: string; cutoff: string }>> = {
  inferenceGatewayHeaders: { replacement: "inferenceCustomHeaders", cutoff: CUTOFF_2026_10_07 },
  isDxtEnabled: { replacement: "isDesktopExtensionEnabled", cutoff: CUTOFF_2026_10_07 },
  isDxtSignatureRequired: { replacement: "isDesktopExtensionSignatureRequired", cutoff: CUTOFF_2026_10_07 },
  trustBootstrapLocalExec: { replacement: "trustBootstrapDelivery", cutoff: CUTOFF_2026_10_07 },
  enduserAttribution: { replacement: "endUserAttribution", cutoff: CUTOFF_2026_10_07 },
  // Removed in 1.18286.0, before the batches: retired whatever the date.
  disableDefaultPlugins: { replacement: "", cutoff: "2026-01-01T00:00:00Z" },
  allowOptionalClientAuth: { replacement: "", cutoff: CUTOFF_2026_11_17 },
};

export function pastCutoff(now: Date, cutoff: string): boolean {
  return now.getTime() >= Date.parse(cutoff);
}

export function day(cutoff: string): string {
  return cutoff.slice(0, 10);
}
