// openrouter.key, openrouter.limit, openrouter.models (openrouter.messages: openrouter-messages.ts)
import { isCliError } from "../../core/errors.js";
import { isExpired } from "../../openrouter/key.js";
import { isDesktopUsable } from "../../openrouter/models.js";
import { day, resetText } from "../../render/figures.js";
import type { Check } from "../types.js";

import { CMD, describeError, fail, httpStatusError, money, ok, pinnedModels, warn } from "../helpers.js";
import { plural } from "../../i18n/phrase.js";

const WEEK_MS = 7 * 24 * 3600 * 1000;

export const openrouterKey: Check = {
  id: "openrouter.key",
  title: "doctor.title.openrouter.key",
  dependsOn: ["config.api-key", "network.reach"],
  network: true,
  prefetch: (shared) => void shared.keyInfo(),
  async run(ctx, shared) {
    let info: Awaited<ReturnType<typeof shared.keyInfo>>;
    try {
      info = await shared.keyInfo();
    } catch (error) {
      if (isCliError(error) && error.code === "key.rejected") {
        return fail(
          ctx.ui.t("doctor.orkey.rejected", { message: String(error.params.message ?? "401") }),
          ctx.ui.t("doctor.fix.newKey", { cmd: CMD }),
          { error: error.code },
        );
      }
      const status = httpStatusError(error)?.status ?? 0;
      if (status >= 500) return fail(ctx.ui.t("doctor.orkey.server", { status }), ctx.ui.t("doctor.fix.status"), { error: "http.status" });
      const { detail, fix, code } = describeError(ctx, error);
      return fail(detail, fix, { error: code });
    }
    const data = { label: info.label, isManagementKey: info.isManagementKey, expiresAt: info.expiresAt };
    const label = info.label ?? "?";
    if (info.isManagementKey)
      return fail(ctx.ui.t("doctor.orkey.management", { label }), ctx.ui.t("doctor.fix.newKey", { cmd: CMD }), data);
    if (info.expiresAt) {
      const now = ctx.clock.now();
      if (isExpired(info.expiresAt, now))
        return fail(
          ctx.ui.t("doctor.orkey.expired", { label, date: day(info.expiresAt) }),
          ctx.ui.t("doctor.fix.newKey", { cmd: CMD }),
          data,
        );
      if (Date.parse(info.expiresAt) - now.getTime() < WEEK_MS)
        return warn(
          ctx.ui.t("doctor.orkey.expiresSoon", { label, date: day(info.expiresAt) }),
          ctx.ui.t("doctor.fix.newKey", { cmd: CMD }),
          data,
        );
    }
    return ok(ctx.ui.t("doctor.orkey.ok", { label }), data);
  },
};

export const openrouterLimit: Check = {
  id: "openrouter.limit",
  title: "doctor.title.openrouter.limit",
  dependsOn: ["openrouter.key"],
  network: true,
  prefetch: (shared) => void shared.credits(),
  async run(ctx, shared) {
    const info = await shared.keyInfo();
    let balance: number | null = null;
    let balanceNote = "";
    try {
      balance = (await shared.credits()).balance;
      balanceNote = ctx.ui.t("doctor.limit.balance", { balance: money(balance) });
    } catch (error) {
      balanceNote =
        httpStatusError(error)?.status === 403 ? ctx.ui.t("doctor.limit.balanceNeedsManagement") : ctx.ui.t("doctor.limit.balanceUnknown");
    }
    const data = {
      limit: info.limit,
      limitRemaining: info.limitRemaining,
      limitReset: info.limitReset,
      usage: info.usage,
      isFreeTier: info.isFreeTier,
      balance,
    };
    const cap =
      info.limit === null
        ? ctx.ui.t("doctor.limit.noCap")
        : ctx.ui.t("doctor.limit.cap", {
            limit: money(info.limit),
            remaining: money(info.limitRemaining ?? 0),
            reset: resetText(ctx, info.limitReset),
          });
    const detail = ctx.ui.t("doctor.limit.detail", { cap, balance: balanceNote });
    if (info.limit !== null && info.limitRemaining !== null && info.limitRemaining <= 0) {
      return fail(
        ctx.ui.t("doctor.limit.capUsedUp", {
          limit: money(info.limit),
          usage: money(info.usage ?? info.limit),
          reset: resetText(ctx, info.limitReset),
        }),
        ctx.ui.t("doctor.fix.raiseCap"),
        data,
      );
    }
    if (balance !== null && balance <= 0)
      return fail(ctx.ui.t("doctor.limit.noBalance", { balance: money(balance) }), ctx.ui.t("doctor.fix.addCredits"), data);
    if (info.isFreeTier) return warn(ctx.ui.t("doctor.limit.freeTier", { detail }), ctx.ui.t("doctor.fix.addCredits"), data);
    return ok(detail, data);
  },
};

export const openrouterModels: Check = {
  id: "openrouter.models",
  title: "doctor.title.openrouter.models",
  dependsOn: ["openrouter.key"],
  network: true,
  prefetch: (shared) => void shared.userModels(),
  async run(ctx, shared) {
    let models: Awaited<ReturnType<typeof shared.userModels>>;
    try {
      models = await shared.userModels();
    } catch (error) {
      const { detail, fix, code } = describeError(ctx, error);
      return fail(detail, fix, { error: code });
    }
    const usable = models.filter(isDesktopUsable).map((m) => m.id);
    const pinned = (pinnedModels((await shared.applied())?.settings.inferenceModels) ?? []).map((p) => p.name);
    const data = { available: usable.length, pinnedUnavailable: [] as string[] };
    if (usable.length === 0) return fail(ctx.ui.t("doctor.ormodels.none"), ctx.ui.t("doctor.fix.privacy"), data);
    // Offered by OpenRouter but hidden from this account: its privacy or provider settings exclude it.
    let catalogue: Set<string> | null = null;
    try {
      catalogue = new Set((await shared.models()).map((m) => m.id));
    } catch {
      catalogue = null;
    }
    const hidden = pinned.filter((id) => !usable.includes(id) && (catalogue === null || catalogue.has(id)));
    data.pinnedUnavailable = hidden;
    if (hidden.length > 0)
      return fail(ctx.ui.t("doctor.ormodels.hidden", { models: hidden.join(", ") }), ctx.ui.t("doctor.fix.privacy"), data);
    return ok(ctx.ui.t(plural("doctor.ormodels.ok", usable.length)), data);
  },
};
