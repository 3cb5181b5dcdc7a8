// The runner: independent checks run concurrently, a check whose dependency failed is skipped with
// the reason, every check has a deadline, and network requests start at once (prefetch) so the
// whole run takes about as long as its slowest request.
import { sentences } from "../i18n/catalogue.js";
import { basename } from "node:path";
import { ENTRY_ID } from "../config/entry.js";
import type { Context } from "../core/context.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { JsonReads } from "../config/json-reads.js";
import { CLI, withConfigDir } from "../platform/next-command.js";
import { CHECKS } from "./catalogue.js";
import { createShared, type Shared } from "./shared.js";
import type { Check, CheckOutcome, CheckResult, FixAction, RunOptions } from "./types.js";
import { osReason } from "../core/os-error.js";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RunChecksOptions extends Partial<RunOptions> {
  /** Only these ids are reported (their dependencies still run). */
  only?: string[];
  /** The targets as the command already resolved them (read again when absent). */
  targets?: ResolvedTargets;
  /** The run's reads, when the command has them (each file read once for the run). */
  reads?: JsonReads;
}

export interface DoctorRun {
  checks: CheckOutcome[];
  repairs: { id: string; actions: FixAction[] }[];
  summary: { ok: number; warn: number; error: number; skip: number };
  ok: boolean;
  shared: Shared;
}

function withDeps(ids: string[]): Set<string> {
  const byId = new Map(CHECKS.map((c) => [c.id, c]));
  const out = new Set<string>();
  const add = (id: string) => {
    if (out.has(id)) return;
    out.add(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) add(dep);
  };
  ids.forEach(add);
  return out;
}

function deadline<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Checks that judge the applied entry's settings: their fix would be an edit of that entry. */
const ENTRY_SETTING_CHECKS = new Set([
  "config.provider",
  "config.base-url",
  "config.auth-scheme",
  "config.models",
  "config.egress",
  "config.headers",
  "config.pricing",
]);

/**
 * --fix writes only our entry: a repair of another tool's applied entry is dropped, and the fix
 * offered for its settings is setup (which adds our entry and applies it, leaving theirs as it is).
 */
async function ownEntryOnly(ctx: Context, shared: Shared, id: string, r: CheckResult): Promise<CheckResult> {
  const foreignFile = (a: FixAction) => a.kind === "chmod" && !a.isDir && basename(a.path).endsWith(".json") && !isOurs(a.path);
  const judgesEntry = ENTRY_SETTING_CHECKS.has(id) && (r.status === "warn" || r.status === "error");
  if (!judgesEntry && !r.repairs?.some((a) => a.kind === "entry-key" || foreignFile(a))) return r;
  const applied = await shared.applied().catch(() => null);
  if (!applied || applied.id === ENTRY_ID) return r;
  const repairs = r.repairs?.filter((a) => a.kind !== "entry-key" && !foreignFile(a)) ?? [];
  const dropsKeys = r.repairs?.some((a) => a.kind === "entry-key") ?? false;
  return {
    ...r,
    // Advice on that tool's entry stays (its owner may follow it), unless it was a repair we will not
    // make; either way ours is the way to OpenRouter.
    ...(dropsKeys || judgesEntry
      ? { fix: sentences(dropsKeys ? undefined : r.fix, ctx.ui.t("doctor.fix.setupForeign", { cmd: CLI })) }
      : {}),
    repairs: repairs.length > 0 ? repairs : undefined,
  };
}

function isOurs(path: string): boolean {
  return basename(path) === "_meta.json" || basename(path) === `${ENTRY_ID}.json`;
}

export async function runChecks(ctx: Context, options: RunChecksOptions = {}): Promise<DoctorRun> {
  const opts: RunOptions = {
    offline: options.offline ?? false,
    live: options.live ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const shared = createShared(ctx, opts.timeoutMs, { targets: options.targets, reads: options.reads });
  const only = options.only && options.only.length > 0 ? options.only : null;
  const selected = only ? withDeps(only) : new Set(CHECKS.map((c) => c.id));
  const checks = CHECKS.filter((c) => selected.has(c.id));
  const t = ctx.ui.t;

  if (!opts.offline) for (const check of checks) check.prefetch?.(shared);

  const results = new Map<string, Promise<CheckResult>>();
  const runOne = async (check: Check): Promise<CheckResult> => {
    for (const dep of check.dependsOn ?? []) {
      const depResult = results.get(dep);
      if (!depResult) continue;
      const r = await depResult;
      if (r.status === "error") return { status: "skip", detail: t("doctor.skip.dependency", { check: dep }) };
      if (r.status === "skip" && !(check.network && opts.offline))
        return { status: "skip", detail: t("doctor.skip.dependencySkipped", { check: dep }) };
    }
    if (check.network && opts.offline) return { status: "skip", detail: t("doctor.skip.offline") };
    const started = check.run(ctx, shared, opts).catch(
      (error: unknown): CheckResult => ({
        status: "warn",
        detail: t("doctor.couldNotCheck", { reason: osReason(error) }),
        fix: t("doctor.fix.retry"),
      }),
    );
    // Requests carry the same deadline; this one only guards against anything else that hangs.
    return deadline(started, opts.timeoutMs + 1_000, () => ({
      status: "error",
      detail: t("doctor.timedOut", { seconds: Math.round(opts.timeoutMs / 100) / 10 }),
      fix: t("doctor.fix.retry"),
    }));
  };
  for (const check of checks) results.set(check.id, runOne(check));

  const reported = only ? checks.filter((c) => only.includes(c.id)) : checks;
  const outcomes: CheckOutcome[] = [];
  const repairs: DoctorRun["repairs"] = [];
  for (const check of reported) {
    const r = await ownEntryOnly(ctx, shared, check.id, await results.get(check.id)!);
    outcomes.push({
      id: check.id,
      status: r.status,
      title: t(check.title),
      detail: r.detail,
      ...(r.fix && r.status !== "ok" && r.status !== "skip" ? { fix: withConfigDir(ctx, r.fix) } : {}),
      ...(r.data ? { data: r.data } : {}),
    });
    if (r.repairs?.length && (r.status === "warn" || r.status === "error")) repairs.push({ id: check.id, actions: r.repairs });
  }
  // Dependencies that were not reported still settle before the run ends.
  await Promise.all(results.values());
  const summary = { ok: 0, warn: 0, error: 0, skip: 0 };
  for (const o of outcomes) summary[o.status]++;
  return { checks: outcomes, repairs, summary, ok: summary.error === 0, shared };
}
