// What /v1/key's answer means for Claude Desktop: refuse keys it cannot use, warn about money.
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import type { KeyInfo } from "./api.js";
import { day, resetText } from "../render/figures.js";
import type { Context } from "../core/context.js";
import { isExpired } from "./key.js";

const SOON_MS = 7 * 24 * 3600 * 1000;

/** Throws for a management or expired key (exit 3); warns about expiry soon, a used-up cap, free tier. */
export function keyVerdict(ctx: Context, info: KeyInfo, report: Pick<Report, "warn">): void {
  const now = ctx.clock.now();
  if (info.isManagementKey) {
    throw new CliError({ code: "key.management", exitCode: ExitCode.keyRejected, message: "error.keyManagement", hint: "hint.keyNew" });
  }
  if (info.expiresAt) {
    if (isExpired(info.expiresAt, now)) {
      throw new CliError({
        code: "key.expired",
        exitCode: ExitCode.keyRejected,
        message: "error.keyExpired",
        params: { date: day(info.expiresAt) },
        hint: "hint.keyNew",
      });
    }
    if (Date.parse(info.expiresAt) - now.getTime() < SOON_MS)
      report.warn("key.expires-soon", "warn.keyExpiresSoon", { date: day(info.expiresAt) });
  }
  keyMoneyWarnings(ctx, info, report);
}

/** Warns about a spending cap that is used up and a free-tier account (setup and status alike). */
export function keyMoneyWarnings(ctx: Context, info: KeyInfo, report: Pick<Report, "warn">): void {
  if (info.limit !== null && info.limitRemaining !== null && info.limitRemaining <= 0) {
    report.warn("key.cap-used-up", "warn.keyCapUsedUp", {
      limit: info.limit.toFixed(2),
      usage: (info.usage ?? info.limit).toFixed(2),
      reset: resetText(ctx, info.limitReset),
    });
  }
  if (info.isFreeTier) report.warn("key.free-tier", "warn.keyFreeTier");
}
