// What a previous setup chose, read back from our entry: a rerun starts from these answers (the
// wizard preselects them, options left out keep them), so only what was never chosen gets a default.
import type { Context } from "../core/context.js";
import type { DataDir } from "../platform/types.js";
import { decodeJson } from "./app-rules.js";
import { entryFeatures, ENTRY_ID, existingHosts } from "./entry.js";
import { libraryRows } from "./inspect.js";
import { isPlainObject } from "./json-file.js";
import { type JsonReads, readJson } from "./json-reads.js";
import { entryPath } from "./library-paths.js";

export interface CurrentChoices {
  /** The entry's name in the app's list. */
  name: string | null;
  /** The pinned model ids, the default first; null: Claude Desktop discovers them. */
  models: string[] | null;
  /** The sandbox hosts exactly as the entry lists them. */
  egress: string[];
  pricing: boolean;
  attribution: boolean;
}

/**
 * The choices our entry holds in the first data directory that has it; null on a first run.
 * `reads`: the run's reads (the entry and _meta.json read once for every answer).
 */
export async function currentChoices(ctx: Context, dataDirs: DataDir[], reads?: JsonReads): Promise<CurrentChoices | null> {
  for (const dir of dataDirs) {
    const read = await readJson(ctx, entryPath(dir.path, ENTRY_ID), { own: true }, reads).catch(() => undefined);
    if (!read || !("value" in read) || read.raw === null || !isPlainObject(read.value)) continue;
    const settings = read.value;
    // The name our row has in _meta.json (none when the file cannot be read).
    const { rows } = await libraryRows(ctx, dir.path, reads);
    const decoded = decodeJson(settings.inferenceModels);
    const list = decoded.ok && Array.isArray(decoded.value) ? decoded.value : null;
    const models = list
      ? list.map((m) => (isPlainObject(m) ? m.name : m)).filter((name): name is string => typeof name === "string" && name !== "")
      : null;
    const features = entryFeatures(settings);
    return {
      name: rows.find((row) => row.id === ENTRY_ID)?.name || null,
      models: models && models.length > 0 ? models : null,
      egress: existingHosts(settings.coworkEgressAllowedHosts),
      pricing: features.costEstimates,
      attribution: features.attribution,
    };
  }
  return null;
}
