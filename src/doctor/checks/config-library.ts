// config.library, config.applied, config.copies
import { ENTRY_ID, APPLIED_ID_PATTERN } from "../../config/entry.js";
import { jsonEqual } from "../../config/json-file.js";
import { problemPhrase } from "../../config/parse-problem.js";
import type { Context } from "../../core/context.js";
import { platformModule } from "../../platform/index.js";
import type { FileState, Library } from "../shared.js";
import type { Check } from "../types.js";

import { CMD, fail, findingsFor, ok, skip, verdict } from "../helpers.js";

/** Why a file cannot be used, naming it: where it does not parse, or why it cannot be read. */
export function fileProblem(ctx: Context, path: string, state: FileState): string | null {
  if (state.status === "unparsable") return ctx.ui.t("doctor.file.unparsable", { path, problem: problemPhrase(state.problem) });
  if (state.status === "unreadable") return ctx.ui.t("doctor.file.unreadable", { path, reason: state.reason });
  return null;
}

export const configLibrary: Check = {
  id: "config.library",
  title: "doctor.title.config.library",
  async run(ctx, shared) {
    const lib = await shared.primary();
    const data = { path: lib.dir.path, meta: lib.metaPath, appliedId: lib.appliedId, entry: lib.entryPath };
    if (lib.meta.status === "missing")
      return fail(ctx.ui.t("doctor.library.missing", { path: lib.metaPath }), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data);
    const metaProblem = fileProblem(ctx, lib.metaPath, lib.meta);
    if (metaProblem) return fail(metaProblem, ctx.ui.t("doctor.fix.repair", { cmd: CMD }), data);
    if (lib.appliedId === null)
      return fail(ctx.ui.t("doctor.library.noApplied", { path: lib.metaPath }), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data);
    if (!APPLIED_ID_PATTERN.test(lib.appliedId))
      return fail(ctx.ui.t("doctor.library.badId", { id: lib.appliedId }), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data);
    if (!lib.entry || !lib.entryPath || lib.entry.status === "missing") {
      return fail(
        ctx.ui.t("doctor.library.entryMissing", { path: lib.entryPath ?? lib.appliedId }),
        ctx.ui.t("doctor.fix.setup", { cmd: CMD }),
        data,
      );
    }
    const entryProblem = fileProblem(ctx, lib.entryPath, lib.entry);
    if (entryProblem) return fail(entryProblem, ctx.ui.t("doctor.fix.repair", { cmd: CMD }), data);
    return ok(ctx.ui.t("doctor.library.ok", { path: lib.dir.path, count: lib.rows.length }), data);
  },
};

export const configApplied: Check = {
  id: "config.applied",
  title: "doctor.title.config.applied",
  dependsOn: ["config.library"],
  async run(ctx, shared) {
    const lib = await shared.primary();
    const applied = (await shared.applied())!;
    const name = lib.rows.find((r) => r.id === applied.id)?.name || applied.id;
    const data = { id: applied.id, name, ours: applied.id === ENTRY_ID };
    // Another tool's entry is judged by the same rules, and only reported.
    const found = findingsFor(ctx, applied.settings, "config.applied");
    if (applied.id !== ENTRY_ID) {
      const other = {
        severity: "warn" as const,
        detail: ctx.ui.t("doctor.applied.foreign", { name, id: applied.id }),
        fix: ctx.ui.t("doctor.fix.setup", { cmd: CMD }),
      };
      return verdict(ctx, found, [other], data)!;
    }
    return verdict(ctx, found, [], data) ?? ok(ctx.ui.t("doctor.applied.ours", { name }), data);
  },
};

function copySummary(lib: Library): { applied: string | null; entry: unknown } {
  return { applied: lib.appliedId, entry: lib.entry?.status === "ok" ? lib.entry.value : null };
}

export const configCopies: Check = {
  id: "config.copies",
  title: "doctor.title.config.copies",
  dependsOn: ["config.library"],
  async run(ctx, shared) {
    if (!platformModule(ctx.platform).libraryCopies) return skip(ctx.ui.t("doctor.skip.windowsOnly"));
    const libs = await shared.libraries();
    const [primary, ...copies] = libs;
    const data = {
      copies: libs.map((l) => ({ path: l.dir.path, kind: l.dir.kind, family: l.dir.family ?? null, appliedId: l.appliedId })),
    };
    if (copies.length === 0) return ok(ctx.ui.t("doctor.copies.single", { path: primary!.dir.path }), data);
    const want = copySummary(primary!);
    const differing = copies.filter((c) => {
      const got = copySummary(c);
      return got.applied !== want.applied || !jsonEqual(got.entry, want.entry);
    });
    if (differing.length === 0) return ok(ctx.ui.t("doctor.copies.same", { count: libs.length }), data);
    return fail(
      ctx.ui.t("doctor.copies.differ", { paths: differing.map((d) => `${d.dir.path} (${ctx.ui.t(`dirKind.${d.dir.kind}`)})`).join("; ") }),
      ctx.ui.t("doctor.fix.copies", { cmd: CMD }),
      data,
    );
  },
};
