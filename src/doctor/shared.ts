// Data several checks need, fetched once: the files (read once per run) and OpenRouter's answers
// (one request per endpoint, however many checks read it). Network modules load lazily so that
// `doctor --offline` never loads the HTTP layer.
import type { Context } from "../core/context.js";
import { resolveTargets, type ResolvedTargets } from "../config/targets.js";
import { APPLIED_ID_PATTERN, metaRows, type MetaRow } from "../config/entry.js";
import { JsonParseFailure, type JsonObject } from "../config/json-file.js";
import { type JsonReads, readJson } from "../config/json-reads.js";
import { entryPath, metaPath } from "../config/library-paths.js";
import type { DataDir, AppInstall } from "../platform/types.js";
import type { KeyInfo, Credits } from "../openrouter/api.js";
import type { ModelInfo } from "../openrouter/models.js";
import { checkKeyShape } from "../openrouter/key.js";
import { resolveAppliedKey, type AppliedKey } from "../config/applied-key.js";
import { findingsFor } from "./helpers.js";
import { DEFAULT_BASE_URL } from "../config/entry.js";
import { isDirectory } from "../core/paths.js";
import { osReason } from "../core/os-error.js";
import type { ParseProblem } from "../config/parse-problem.js";
import type { Phrase } from "../i18n/catalogue.js";

export type FileState =
  | { status: "ok"; value: JsonObject; mode: number | null }
  | { status: "missing" }
  | { status: "unparsable"; problem: ParseProblem }
  | { status: "unreadable"; reason: Phrase };

export interface Library {
  dir: DataDir;
  exists: boolean;
  metaPath: string;
  meta: FileState;
  appliedId: string | null;
  rows: MetaRow[];
  /** The applied entry, when appliedId is a valid id. */
  entryPath: string | null;
  entry: FileState | null;
}

export interface RootConfig {
  path: string;
  role: "1p" | "3p";
  createIfMissing: boolean;
  state: FileState;
}

async function readState(ctx: Context, path: string, reads: JsonReads | undefined): Promise<FileState> {
  try {
    const read = await readJson(ctx, path, {}, reads);
    if (read instanceof JsonParseFailure) return { status: "unparsable", problem: read.problem };
    if (read.raw === null) return { status: "missing" };
    return { status: "ok", value: read.value, mode: read.mode };
  } catch (error) {
    return { status: "unreadable", reason: osReason(error) };
  }
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    if (!promise) {
      promise = make();
      // A prefetched answer nobody reads (its check was skipped) must not be an unhandled rejection.
      promise.catch(() => undefined);
    }
    return promise;
  };
}

export interface Shared {
  timeoutMs: number;
  targets(): Promise<ResolvedTargets>;
  apps(): Promise<AppInstall[]>;
  libraries(): Promise<Library[]>;
  /** The library the app reads first (the override or the main location). */
  primary(): Promise<Library>;
  /** The applied entry's settings in the primary library, unmasked; null when there is none. */
  applied(): Promise<{ id: string; path: string; settings: JsonObject } | null>;
  rootConfigs(): Promise<RootConfig[]>;
  /**
   * Whose key the applied entry holds, or what its credential helper printed when run as the app
   * runs it (any key found is registered as a secret).
   */
  keyOwner(): Promise<AppliedKey>;
  /**
   * The key that may be sent to OpenRouter: the OpenRouter entry's, without stray white space or
   * quotes, of an accepted shape (exactly when config.api-key does not fail); null otherwise, and
   * then no request that needs a key is made.
   */
  apiKey(): Promise<string | null>;
  /** The gateway base URL in the applied entry (the default when absent). */
  baseUrl(): Promise<string>;
  keyInfo(): Promise<KeyInfo>;
  credits(): Promise<Credits>;
  models(): Promise<ModelInfo[]>;
  userModels(): Promise<ModelInfo[]>;
}

/**
 * `run.targets`: the targets the command already resolved; `run.reads`: the command's reads (so
 * that each file is read once for the run, state.json included). Without them, read afresh.
 */
export function createShared(
  ctx: Context,
  timeoutMs: number,
  run: { targets?: ResolvedTargets | undefined; reads?: JsonReads | undefined } = {},
): Shared {
  const { reads } = run;
  const targets = memo(async () => run.targets ?? resolveTargets(ctx, reads));
  const libraries = memo(async () => {
    const t = await targets();
    return Promise.all(
      t.dataDirs.map(async (dir): Promise<Library> => {
        const exists = await isDirectory(ctx, dir.path);
        const mPath = metaPath(dir.path);
        const meta = await readState(ctx, mPath, reads);
        const value = meta.status === "ok" ? meta.value : null;
        const appliedId = value && typeof value.appliedId === "string" ? value.appliedId : null;
        const rows = value ? metaRows(value) : [];
        const ePath = appliedId && APPLIED_ID_PATTERN.test(appliedId) ? entryPath(dir.path, appliedId) : null;
        return {
          dir,
          exists,
          metaPath: mPath,
          meta,
          appliedId,
          rows,
          entryPath: ePath,
          entry: ePath ? await readState(ctx, ePath, reads) : null,
        };
      }),
    );
  });
  const primary = memo(async () => (await libraries())[0]!);
  const applied = memo(async () => {
    const lib = await primary();
    if (!lib.appliedId || !lib.entryPath || lib.entry?.status !== "ok") return null;
    return { id: lib.appliedId, path: lib.entryPath, settings: lib.entry.value };
  });
  const rootConfigs = memo(async () => {
    const t = await targets();
    return Promise.all(t.rootConfigs.map(async (f): Promise<RootConfig> => ({ ...f, state: await readState(ctx, f.path, reads) })));
  });
  const keyOwner = memo(async (): Promise<AppliedKey> => {
    const entry = await applied();
    if (!entry) return { status: "none" };
    const name = (await primary()).rows.find((row) => row.id === entry.id)?.name || null;
    return resolveAppliedKey(ctx, { id: entry.id, name, settings: entry.settings }, { runHelper: true, maxMs: timeoutMs });
  });
  const apiKey = memo(async () => {
    const owner = await keyOwner();
    if (owner.status !== "ours" || owner.raw !== owner.key) return null;
    // The app's own rules can fail config.api-key too (a credential kind it refuses).
    const settings = (await applied())?.settings ?? {};
    if (findingsFor(ctx, settings, "config.api-key").some((f) => f.severity === "error")) return null;
    try {
      checkKeyShape(owner.key);
    } catch {
      return null;
    }
    return owner.key;
  });
  const baseUrl = memo(async () => {
    const value = (await applied())?.settings.inferenceGatewayBaseUrl;
    return typeof value === "string" && value.length > 0 ? value : DEFAULT_BASE_URL;
  });
  const needKey = async () => {
    const key = await apiKey();
    if (!key) throw new Error("no key");
    return key;
  };
  const api = () => import("../openrouter/api.js");
  return {
    timeoutMs,
    targets,
    apps: memo(async () => (await targets()).platform.findApps(ctx)),
    libraries,
    primary,
    applied,
    rootConfigs,
    keyOwner,
    apiKey,
    baseUrl,
    keyInfo: memo(async () => (await api()).getKeyInfo(ctx, await needKey(), { timeoutMs })),
    credits: memo(async () => (await api()).getCredits(ctx, await needKey(), { timeoutMs })),
    models: memo(async () => (await api()).getModels(ctx, { timeoutMs })),
    userModels: memo(async () => (await api()).getUserModels(ctx, await needKey(), { timeoutMs })),
  };
}
