// managed.policy
import { managedSources, UPDATE_KEYS } from "../adapters.js";
import type { Check } from "../types.js";
import { CMD, fail, ok, skip } from "./util.js";

export const managedPolicy: Check = {
  id: "managed.policy",
  title: "doctor.title.managed.policy",
  async run(ctx) {
    const sources = await managedSources(ctx);
    if (sources === undefined) return skip(ctx.ui.t("doctor.skip.issue6"));
    const overriding = sources.map((s) => ({ source: s.source, keys: s.keys.filter((k) => !UPDATE_KEYS.has(k)) })).filter((s) => s.keys.length > 0);
    const data = { sources: sources.map((s) => ({ source: s.source, keys: s.keys })) };
    if (overriding.length === 0) return ok(ctx.ui.t(sources.length === 0 ? "doctor.managed.none" : "doctor.managed.updatesOnly"), data);
    const text = overriding.map((s) => `${s.source} (${s.keys.join(", ")})`).join("; ");
    return fail(ctx.ui.t("doctor.managed.overrides", { sources: text }), ctx.ui.t("doctor.fix.managed", { cmd: CMD }), data);
  },
};
