// Money, context lengths and key facts formatted the same way by the wizard, `models` and `status`.
import { stripControls } from "../core/terminal-text.js";
import type { Context } from "../core/context.js";
import type { DataDir } from "../platform/types.js";
import type { KeyInfo } from "../openrouter/api.js";
import { isExpired } from "../openrouter/key.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { displayWidth as cellWidth, stripColour, style } from "./style.js";

/** USD with two decimals, more when the amount is smaller than a cent. */
/** An app install as shown: its path and, when known, its version. */
export function appLabel(app: { path: string; version: string | null }): string {
  // A path and a version read from the app's files: shown without control characters.
  return stripControls(`${app.path}${app.version ? ` (${app.version})` : ""}`);
}

/** The operating system by its name (macOS, Windows, Linux), not Node's platform id; another id as it is. */
export function platformName(platform: string): string {
  return ({ darwin: "macOS", win32: "Windows", linux: "Linux" } as Record<string, string>)[platform] ?? stripControls(platform);
}

/** A config directory as shown: its path, and its kind unless it is the ordinary one. */
export function dirLabel(ctx: Context, dir: { path: string; kind: DataDir["kind"] }): string {
  return `${stripControls(dir.path)}${dir.kind === "primary" || dir.kind === "override" ? "" : ` (${ctx.ui.t(`dirKind.${dir.kind}`)})`}`;
}

export function usd(value: number): string {
  const abs = Math.abs(value);
  const digits = abs !== 0 && abs < 0.01 ? 4 : 2;
  return `${value < 0 ? "-" : ""}$${abs.toFixed(digits)}`;
}

/** usd(), or "-" when there is no amount (no cap, say). */
export function usdOrDash(value: number | null): string {
  return value === null ? "-" : usd(value);
}

/** A per-million-token price: "$3", "$0.60", "$3.75", "$0.075", or "-" when unknown. */
export function pricePerMillion(value: number | null): string {
  if (value === null) return "-";
  if (Number.isInteger(value)) return `$${value}`;
  return `$${value.toFixed(value < 0.1 && Math.round(value * 1000) % 10 !== 0 ? 3 : 2)}`;
}

/** 1000000 → "1M", 200000 → "200K", 131072 → "131K". */
export function contextLength(value: number | null): string {
  if (value === null) return "-";
  if (value >= 1_000_000) return `${Math.round((value / 1_000_000) * 10) / 10}M`;
  if (value >= 1000) return `${Math.round(value / 1000)}K`;
  return String(value);
}

const RESETS: Record<string, MessageKey> = { daily: "value.resetDaily", weekly: "value.resetWeekly", monthly: "value.resetMonthly" };

export function resetText(ctx: Context, reset: string | null): string {
  if (reset === null) return ctx.ui.t("value.resetNever");
  return RESETS[reset] ? ctx.ui.t(RESETS[reset]) : stripControls(reset);
}

/**
 * The one way a date is shown to a person: its day, YYYY-MM-DD, in UTC (as OpenRouter gives its
 * timestamps). Used for every date in a message, a row or a warning, so one date never reads two ways.
 */
export function day(iso: string): string {
  const time = Date.parse(iso);
  if (/^\d{4}-\d{2}-\d{2}T/.test(iso) && Number.isFinite(time)) return new Date(time).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso;
}

/**
 * Rows describing a key: masked label, cap and what is left, free tier, expiry; with `full`, also
 * the reset period, usage and management-key flag (for `status`).
 */
export function keyInfoRows(ctx: Context, info: KeyInfo, masked: string, now: Date, full = false): [string, string][] {
  const t = ctx.ui.t;
  const s = style(ctx);
  const yesNo = (value: boolean) => (value ? t("value.yes") : t("value.no"));
  // The label is OpenRouter's text (the wizard shows these rows before any result exists).
  const rows: [string, string][] = [[t("label.key"), info.label === null ? masked : stripControls(info.label)]];
  if (info.limit === null) {
    rows.push([t("label.limit"), t("value.noLimit")]);
  } else {
    rows.push([
      t("label.limit"),
      full ? usd(info.limit) : t("value.limitWithReset", { limit: usd(info.limit), reset: resetText(ctx, info.limitReset) }),
    ]);
    if (info.limitRemaining !== null) {
      const remaining = usd(info.limitRemaining);
      rows.push([t("label.remaining"), info.limitRemaining <= 0 ? s.error(remaining) : remaining]);
    }
  }
  if (full) {
    rows.push([t("label.reset"), info.limit === null ? "-" : resetText(ctx, info.limitReset)]);
    const usage = (v: number | null) => (v === null ? "-" : usd(v));
    rows.push([t("label.usageDaily"), usage(info.usageDaily)]);
    rows.push([t("label.usageWeekly"), usage(info.usageWeekly)]);
    rows.push([t("label.usageMonthly"), usage(info.usageMonthly)]);
    rows.push([t("label.usageTotal"), usage(info.usage)]);
  }
  rows.push([t("label.freeTier"), info.isFreeTier ? s.warn(t("value.yes")) : t("value.no")]);
  if (info.expiresAt === null) {
    rows.push([t("label.expires"), t("value.never")]);
  } else {
    const expired = isExpired(info.expiresAt, now);
    rows.push([t("label.expires"), expired ? s.error(t("value.expiredOn", { date: day(info.expiresAt) })) : day(info.expiresAt)]);
  }
  if (full) rows.push([t("label.managementKey"), info.isManagementKey ? s.warn(yesNo(true)) : yesNo(false)]);
  return rows;
}

/** Text cut to `width` cells, "…" marking the cut (colour dropped from a cut cell). */
function truncate(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  const plain = stripColour(text);
  let out = "";
  for (const ch of plain) {
    if (cellWidth(`${out}${ch}`) > width - 1) break;
    out += ch;
  }
  return `${out}\u2026`;
}

/**
 * Columns aligned by terminal cell width (CJK-aware); the header row is bold. With `fit`, a table
 * wider than `fit.width` is made to fit by narrowing the columns of `fit.shrink`, least important
 * first, each down to its floor (cells and headers cut with "…"; a column narrowed to 0 is left out).
 * A column marked `whole` (a figure: a cut "$0.…" says nothing) is left out rather than cut.
 */
export function columns(
  ctx: Context,
  header: string[],
  rows: string[][],
  indent = "",
  fit?: { width: number; shrink: [column: number, floor: number, whole?: "whole"][] },
): string {
  const s = style(ctx);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => cellWidth(r[i] ?? ""))));
  if (fit) {
    const total = () => cellWidth(indent) + widths.reduce((sum, w) => sum + (w > 0 ? w + 2 : 0), 0) - 2;
    for (const [column, floor, whole] of fit.shrink) {
      const excess = total() - fit.width;
      if (excess <= 0) break;
      if (whole) {
        widths[column] = 0;
        continue;
      }
      const now = widths[column] ?? 0;
      // Narrower than "x…" says nothing: then the column goes.
      const target = Math.max(floor, now - excess);
      widths[column] = target < 2 ? 0 : target;
    }
  }
  const line = (r: string[]) =>
    indent +
    r
      .map((raw, i) => {
        const width = widths[i] ?? 0;
        const cell = fit ? truncate(raw, width) : raw;
        return i === r.length - 1 ? cell : cell + " ".repeat(Math.max(0, width - cellWidth(cell)));
      })
      .filter((_, i) => !fit || (widths[i] ?? 0) > 0)
      .join("  ")
      .trimEnd();
  return [s.bold(line(header)), ...rows.map(line)].join("\n");
}
