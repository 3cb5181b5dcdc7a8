// The shape of a doctor check: a small module of data with one run function.
import type { Context } from "../core/context.js";
import type { MessageKey } from "../i18n/catalogue.js";
import type { Shared } from "./shared.js";

export type CheckStatus = "ok" | "warn" | "error" | "skip";

/** A safe, local change `--fix` may apply (never shown in --json as such). */
export type FixAction =
  | { kind: "entry-key"; key: string; value: unknown; from: unknown }
  | { kind: "root-config"; path: string; from: unknown }
  | { kind: "chmod"; path: string; mode: number; isDir: boolean };

export interface CheckResult {
  status: CheckStatus;
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
  /** What `--fix` would do about it; only for safe local fixes. */
  repairs?: FixAction[];
}

export interface RunOptions {
  offline: boolean;
  live: boolean;
  timeoutMs: number;
}

export interface Check {
  id: string;
  title: MessageKey;
  dependsOn?: string[];
  /** Talks to the network: skipped with --offline, run under the timeout. */
  network?: boolean;
  /** Starts this check's requests early so that dependent checks do not wait twice. */
  prefetch?(shared: Shared): void;
  run(ctx: Context, shared: Shared, options: RunOptions): Promise<CheckResult>;
}

export interface CheckOutcome {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
}
