// What `setup` runs after a successful write: the offline configuration checks, each warning or
// error shown as a setup warning (kept in --json's warnings too).
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import { CHECK_IDS } from "./catalogue.js";
import { runChecks } from "./run.js";

export async function reportOfflineFindings(ctx: Context, report: Report): Promise<void> {
  const run = await runChecks(ctx, { offline: true, only: CHECK_IDS.filter((id) => id.startsWith("config.")) });
  for (const c of run.checks) {
    if (c.status !== "warn" && c.status !== "error") continue;
    report.warn(`doctor.${c.id}`, "doctor.afterSetup", { id: c.id, detail: c.detail, fix: c.fix ?? "" });
  }
}
