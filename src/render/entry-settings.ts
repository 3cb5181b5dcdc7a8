// An entry's settings for people, as show prints them: each setting on a row of its own, lists
// wrapped to the terminal's width under their value column, the models and their prices as
// tables below their rows.
import type { Context } from "../core/context.js";
import { isPlainObject, type JsonObject } from "../config/json-file.js";
import { plural } from "../i18n/phrase.js";
import { columns, pricePerMillion } from "./figures.js";
import { displayWidth, outputWidth, table, wrapList } from "./style.js";

/** A value as written: a string as itself, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The models of an entry as a small table (id, label, tier, default), or null when the value is not a model list. */
function modelsTable(ctx: Context, value: unknown, indent: string): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const rows = value.map((m): string[] | null => {
    if (typeof m === "string") return [m, "", "", ""];
    if (!m || typeof m !== "object" || typeof (m as { name?: unknown }).name !== "string") return null;
    const model = m as { name: string; labelOverride?: unknown; anthropicFamilyTier?: unknown; isFamilyDefault?: unknown };
    return [
      model.name,
      typeof model.labelOverride === "string" ? model.labelOverride : "",
      typeof model.anthropicFamilyTier === "string" ? model.anthropicFamilyTier : "",
      model.isFamilyDefault === true ? ctx.ui.t("value.yes") : "",
    ];
  });
  if (rows.some((row) => row === null)) return null;
  const t = ctx.ui.t;
  // Too wide for the terminal: the label goes first (the id names the model; a cut label says
  // little), then the id is cut.
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [1, 0, "whole"],
      [0, 12],
    ] as [number, number, "whole"?][],
  };
  return columns(
    ctx,
    [t("models.col.id"), t("show.col.label"), t("show.col.tier"), t("show.col.default")],
    rows as string[][],
    indent,
    fit,
  );
}

/** The entry's price rows as a table (USD per million tokens), or null when the value is not a price list. */
function pricingTable(ctx: Context, value: unknown, indent: string): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const fields = ["inputPerMtok", "outputPerMtok", "cacheReadPerMtok", "cacheWritePerMtok"] as const;
  const rows = value.map((row): string[] | null => {
    if (!isPlainObject(row) || typeof row.name !== "string" || !fields.every((f) => typeof row[f] === "number")) return null;
    return [row.name, ...fields.map((f) => pricePerMillion(row[f] as number))];
  });
  if (rows.some((row) => row === null)) return null;
  const t = ctx.ui.t;
  const header = [
    t("models.col.id"),
    t("models.col.prompt"),
    t("models.col.completion"),
    t("show.col.cacheRead"),
    t("show.col.cacheWrite"),
  ];
  // Too wide: the cache prices go first (whole, a cut price says nothing), then the headers are cut.
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [4, 0, "whole"],
      [3, 0, "whole"],
      [2, 8],
      [1, 8],
      [0, 12],
    ] as [number, number, "whole"?][],
  };
  return columns(ctx, header, rows as string[][], indent, fit);
}

/** A list of strings (hosts) or an object of strings (headers) as a list wrapped to the room; anything else as JSON. */
function listed(value: unknown, room: number): string {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return wrapList(value, room);
  if (isPlainObject(value) && Object.values(value).every((v) => typeof v === "string"))
    return wrapList(
      Object.entries(value).map(([name, v]) => `${name}: ${v}`),
      room,
    );
  return valueText(value);
}

/**
 * The applied entry's settings, aligned: lists wrapped to the terminal's width under their
 * value column, the models and their prices as tables below their rows.
 */
export function settingsLines(ctx: Context, settings: JsonObject, indent: string, width: number): string[] {
  const labelWidth = Math.max(0, ...Object.keys(settings).map((key) => displayWidth(key)));
  const room = Math.max(20, width - displayWidth(indent) - labelWidth - 2);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const below =
      key === "inferenceModels"
        ? modelsTable(ctx, value, `${indent}  `)
        : key === "inferenceModelPricing"
          ? pricingTable(ctx, value, `${indent}  `)
          : null;
    const text = below ? ctx.ui.t(plural("count.models", (value as unknown[]).length)) : listed(value, room);
    lines.push(table([[key, text]], indent, labelWidth, width));
    if (below) lines.push(below);
  }
  return lines;
}
