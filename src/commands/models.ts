// `models`: the Claude models Claude Desktop can use through OpenRouter, newest first, with
// context length and prices per million tokens; a mark on the ones pinned in the current
// configuration; `--all` lists every model with a "usable in Claude Desktop" column (docs/commands.md#models).
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../render/report.js";
import { resolveTargets } from "../config/targets.js";
import { appliedKey, isOpenRouterEntry } from "../config/applied-key.js";
import { firstApplied } from "../config/inspect.js";
import { getModels } from "../openrouter/api.js";
import { isDesktopUsable, newestFirst, tierOf, type ModelInfo } from "../openrouter/models.js";
import { columns, contextLength, day, pricePerMillion } from "../render/figures.js";
import { outputWidth, style, wrapHuman } from "../render/style.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import type { Command } from "commander";
import type { OptionKit } from "./option-groups.js";

/** models' options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, { t }: OptionKit): Command {
  return command.option("--all", t("help.modelsAll"));
}

export const ModelsOptionsSchema = z.object({ all: z._default(z.boolean(), false) });
export type ModelsOptions = z.input<typeof ModelsOptionsSchema>;

/** A model as listed: OpenRouter's facts plus what Claude Desktop makes of it. */
export type ModelRow = Omit<ModelInfo, "outputsText"> & {
  tier: string | null;
  usable: boolean;
  pinned: boolean;
};

export interface ModelsResult {
  command: "models";
  all: boolean;
  /** Model ids in the applied configuration entry (empty when none or when models are discovered). */
  pinned: string[];
  models: ModelRow[];
  warnings: Warning[];
}

/** The inferenceModels names of the entry Claude Desktop applies, when it is an OpenRouter entry. */
export async function pinnedModels(ctx: Context, report: Report): Promise<string[]> {
  const applied = await firstApplied(ctx, (await resolveTargets(ctx)).dataDirs);
  if (!applied) return [];
  if (!isOpenRouterEntry(ctx, applied)) {
    // Another gateway's model ids are not OpenRouter's: nothing is marked, and the user is told why.
    const foreign = appliedKey(ctx, applied);
    if (foreign.status === "foreign")
      report.warn("config.foreign-entry", "warn.foreignEntryModels", { name: foreign.name, host: foreign.host });
    return [];
  }
  const models = applied.settings.inferenceModels;
  if (!Array.isArray(models)) return [];
  return models
    .map((m) =>
      typeof m === "string"
        ? m
        : m && typeof m === "object" && typeof (m as { name?: unknown }).name === "string"
          ? (m as { name: string }).name
          : null,
    )
    .filter((m): m is string => m !== null);
}

export async function run(ctx: Context, raw: ModelsOptions): Promise<Outcome<ModelsResult>> {
  const options = parseOptions(ModelsOptionsSchema, raw);
  const report = new Report(ctx);
  const catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  const pinned = await pinnedModels(ctx, report);
  const rows = newestFirst(options.all ? catalogue : catalogue.filter(isDesktopUsable)).map((m): ModelRow => {
    const { outputsText: _internal, ...facts } = m;
    return { ...facts, tier: tierOf(m.id) ?? null, usable: isDesktopUsable(m), pinned: pinned.includes(m.id) };
  });
  return { exitCode: ExitCode.ok, result: { command: "models", all: options.all, pinned, models: rows, warnings: report.warnings } };
}

export function render(ctx: Context, outcome: Outcome<ModelsResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  if (r.models.length === 0) {
    ctx.streams.stdout.write(`${t("models.none")}\n`);
    return;
  }
  const header = [
    "",
    t("models.col.id"),
    t("models.col.name"),
    t("models.col.context"),
    t("models.col.prompt"),
    t("models.col.completion"),
  ];
  if (r.all) header.push(t("models.col.usable"));
  header.push(t("models.col.notes"));
  const rows = r.models.map((m) => {
    const row = [
      m.pinned ? s.ok("*") : "",
      m.id,
      m.name,
      contextLength(m.contextLength),
      pricePerMillion(m.promptPerMillion),
      pricePerMillion(m.completionPerMillion),
    ];
    if (r.all) row.push(m.usable ? s.ok(t("value.yes")) : s.dim(t("value.no")));
    row.push(m.expirationDate ? s.warn(t("wizard.models.retiring", { date: day(m.expirationDate) })) : "");
    return row;
  });
  const legend = [t("models.pricesNote")];
  if (r.models.some((m) => m.pinned)) legend.push(t("models.pinnedNote"));
  // Too wide for the terminal: the name goes first (the id says the same), then the notes are cut,
  // then the headers of the price and context columns; the id and the figures stay whole.
  const last = header.length - 1;
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [2, 0],
      [last, 8],
      [5, 6],
      [4, 6],
      [3, 5],
      [last, 0],
    ] as [number, number][],
  };
  ctx.streams.stdout.write(`${columns(ctx, header, rows, "", fit)}\n\n${wrapHuman(s.dim(legend.join("\n")), outputWidth(ctx))}\n`);
}
