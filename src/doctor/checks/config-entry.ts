// config.provider, config.base-url, config.auth-scheme, config.api-key, config.models, config.egress
import { existingHosts } from "../../config/entry.js";
import { isClaudeShaped } from "../../openrouter/models.js";
import { isPlainObject, type JsonObject } from "../../config/json-file.js";
import { DEV_HOSTS, validHost } from "../../config/egress.js";
import { isCliError } from "../../core/errors.js";
import { isLoopbackHost } from "../../core/url.js";
import { checkKeyShape, maskKey } from "../../openrouter/key.js";
import { isDesktopUsable, newestFirst, tierOf, type ModelInfo } from "../../openrouter/models.js";
import type { Check, FixAction } from "../types.js";
import { CMD, fail, ok, warn } from "./util.js";

const ENTRY_DEPS = ["config.library"];

async function settingsOf(shared: Parameters<Check["run"]>[1]): Promise<JsonObject> {
  return (await shared.applied())?.settings ?? {};
}

export const configProvider: Check = {
  id: "config.provider",
  title: "doctor.title.config.provider",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const value = (await settingsOf(shared)).inferenceProvider;
    if (value === "gateway") return ok(ctx.ui.t("doctor.provider.ok"), { inferenceProvider: value });
    if (value === undefined)
      return fail(ctx.ui.t("doctor.provider.missing"), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), { inferenceProvider: null });
    return fail(ctx.ui.t("doctor.provider.other", { value: String(value) }), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), {
      inferenceProvider: value,
    });
  },
};

/** The base URL with a /v1 or /v1/messages suffix and trailing slashes removed. */
export function normaliseBaseUrl(value: string): string {
  const url = new URL(value.trim());
  let path = url.pathname.replace(/\/+$/, "");
  path = path.replace(/\/v1(\/messages)?$/, "").replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

export const configBaseUrl: Check = {
  id: "config.base-url",
  title: "doctor.title.config.base-url",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const expected = ctx.settings.baseUrl;
    const value = (await settingsOf(shared)).inferenceGatewayBaseUrl;
    const data = { value: value ?? null, expected };
    const fixSetup = ctx.ui.t("doctor.fix.setup", { cmd: CMD });
    if (typeof value !== "string" || value.trim() === "") return fail(ctx.ui.t("doctor.baseUrl.missing"), fixSetup, data);
    if (value === expected) return ok(value, data);
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      return fail(ctx.ui.t("doctor.baseUrl.invalid", { url: value }), fixSetup, data);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
      return fail(ctx.ui.t("doctor.baseUrl.http", { url: value }), fixSetup, data);
    }
    const normalised = normaliseBaseUrl(value);
    const repairs: FixAction[] = [{ kind: "entry-key", key: "inferenceGatewayBaseUrl", value: normalised, from: value }];
    const fixText = ctx.ui.t("doctor.fix.baseUrl", { cmd: CMD, url: normalised });
    if (/\/v1\/messages\/*$/.test(url.pathname)) return fail(ctx.ui.t("doctor.baseUrl.v1messages", { url: value }), fixText, data, repairs);
    if (/\/v1\/*$/.test(url.pathname)) return fail(ctx.ui.t("doctor.baseUrl.v1", { url: value }), fixText, data, repairs);
    if (/\/$/.test(value.trim()) || value !== value.trim())
      return fail(ctx.ui.t("doctor.baseUrl.slash", { url: value }), fixText, data, repairs);
    if (new URL(expected).host !== url.host || normalised !== expected) {
      return warn(ctx.ui.t("doctor.baseUrl.otherHost", { url: value, expected }), ctx.ui.t("doctor.fix.otherHost", { cmd: CMD }), data);
    }
    return ok(value, data);
  },
};

export const configAuthScheme: Check = {
  id: "config.auth-scheme",
  title: "doctor.title.config.auth-scheme",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const value = (await settingsOf(shared)).inferenceGatewayAuthScheme;
    const data = { value: value ?? null };
    const repairs: FixAction[] = [{ kind: "entry-key", key: "inferenceGatewayAuthScheme", value: "bearer", from: value ?? null }];
    const fix = ctx.ui.t("doctor.fix.authScheme", { cmd: CMD });
    if (value === "bearer") return ok("bearer", data);
    if (value === undefined) return warn(ctx.ui.t("doctor.auth.unset"), fix, data, repairs);
    if (value === "x-api-key") return warn(ctx.ui.t("doctor.auth.xApiKey"), fix, data, repairs);
    if (value === "auto" || value === "sso") return fail(ctx.ui.t("doctor.auth.deprecated", { value }), fix, data, repairs);
    return fail(ctx.ui.t("doctor.auth.unknown", { value: String(value) }), fix, data, repairs);
  },
};

export const configApiKey: Check = {
  id: "config.api-key",
  title: "doctor.title.config.api-key",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const owner = await shared.keyOwner();
    const fixSetup = ctx.ui.t("doctor.fix.setupKey", { cmd: CMD });
    if (owner.status === "none") return fail(ctx.ui.t("doctor.key.missing"), fixSetup);
    if (owner.status === "foreign") {
      const params = { name: owner.name, host: owner.host };
      return fail(ctx.ui.t("doctor.key.foreign", params), ctx.ui.t("doctor.fix.foreignKey", { cmd: CMD }), { foreign: params });
    }
    const masked = maskKey(owner.key);
    if (owner.key !== owner.raw) return fail(ctx.ui.t("doctor.key.stray", { masked }), fixSetup, { masked });
    try {
      const shape = checkKeyShape(owner.key);
      if (shape === "unusual") return warn(ctx.ui.t("doctor.key.unusual", { masked }), ctx.ui.t("doctor.fix.keyUnusual"), { masked });
      return ok(masked, { masked });
    } catch (error) {
      if (isCliError(error)) return fail(ctx.ui.t(error.messageKey, error.params), fixSetup, { masked });
      throw error;
    }
  },
};

interface PinnedModel {
  name: string;
  tier: string | null;
  isFamilyDefault: boolean;
}

export function pinnedModels(value: unknown): PinnedModel[] | null {
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(list)) return null;
  return list.map((item) => {
    if (typeof item === "string") return { name: item, tier: null, isFamilyDefault: false };
    if (isPlainObject(item)) {
      return {
        name: typeof item.name === "string" ? item.name : "",
        tier: typeof item.anthropicFamilyTier === "string" ? item.anthropicFamilyTier : null,
        isFamilyDefault: item.isFamilyDefault === true,
      };
    }
    return { name: "", tier: null, isFamilyDefault: false };
  });
}

/** The newest model of the same tier that is offered and not being retired. */
export function newestSibling(id: string, catalogue: ModelInfo[]): string | null {
  const tier = tierOf(id);
  if (!tier) return null;
  return (
    newestFirst(catalogue.filter((m) => isDesktopUsable(m) && !m.expirationDate && tierOf(m.id) === tier && m.id !== id))[0]?.id ?? null
  );
}

/** The entry's inferenceModels with stale names replaced (a duplicate of a present one is dropped). */
function replaceModels(raw: unknown, replacements: Map<string, string>): unknown[] {
  const list = Array.isArray(raw) ? raw : [];
  const present = new Set(list.map((item) => (typeof item === "string" ? item : isPlainObject(item) ? item.name : undefined)));
  const out: unknown[] = [];
  for (const item of list) {
    const name = typeof item === "string" ? item : isPlainObject(item) && typeof item.name === "string" ? item.name : undefined;
    const next = name ? replacements.get(name) : undefined;
    if (!next) {
      out.push(item);
      continue;
    }
    if (present.has(next)) continue;
    out.push(typeof item === "string" ? next : { ...(item as JsonObject), name: next });
  }
  return out;
}

export const configModels: Check = {
  id: "config.models",
  title: "doctor.title.config.models",
  dependsOn: ENTRY_DEPS,
  prefetch: (shared) => void shared.models(),
  async run(ctx, shared, options) {
    const raw = (await settingsOf(shared)).inferenceModels;
    if (raw === undefined)
      return warn(ctx.ui.t("doctor.models.discovery"), ctx.ui.t("doctor.fix.pinModels", { cmd: CMD }), { models: null });
    const pinned = pinnedModels(raw);
    if (!pinned || pinned.length === 0)
      return fail(ctx.ui.t("doctor.models.malformed"), ctx.ui.t("doctor.fix.pinModels", { cmd: CMD }), { models: null });
    const names = pinned.map((p) => p.name);
    const data: Record<string, unknown> = { models: names, default: names[0] ?? null };
    const notClaude = names.filter((n) => !isClaudeShaped(n));
    if (notClaude.length > 0)
      return fail(
        ctx.ui.t("doctor.models.notClaude", { models: notClaude.join(", ") || '""' }),
        ctx.ui.t("doctor.fix.pinModels", { cmd: CMD }),
        data,
      );
    const defaults = new Map<string, number>();
    for (const p of pinned) if (p.isFamilyDefault && p.tier) defaults.set(p.tier, (defaults.get(p.tier) ?? 0) + 1);
    const doubled = [...defaults].filter(([, n]) => n > 1).map(([tier]) => tier);
    if (options.offline) {
      if (doubled.length > 0)
        return warn(
          ctx.ui.t("doctor.models.doubleDefault", { tiers: doubled.join(", ") }),
          ctx.ui.t("doctor.fix.pinModels", { cmd: CMD }),
          data,
        );
      return ok(ctx.ui.t("doctor.models.okOffline", { models: names.join(", ") }), data);
    }
    let catalogue: ModelInfo[];
    try {
      catalogue = await shared.models();
    } catch {
      return warn(ctx.ui.t("doctor.models.noCatalogue", { models: names.join(", ") }), ctx.ui.t("doctor.fix.seeNetwork"), data);
    }
    const byId = new Map(catalogue.map((m) => [m.id, m]));
    const missing = names.filter((n) => !byId.has(n));
    const retiring = names.filter((n) => byId.get(n)?.expirationDate);
    const replacements = new Map<string, string>();
    for (const n of [...missing, ...retiring]) {
      const sibling = newestSibling(n, catalogue);
      if (sibling) replacements.set(n, sibling);
    }
    const repairs: FixAction[] =
      replacements.size > 0 ? [{ kind: "entry-key", key: "inferenceModels", value: replaceModels(raw, replacements), from: raw }] : [];
    const replacementText = [...replacements].map(([a, b]) => `${a} → ${b}`).join(", ");
    const fix =
      replacements.size > 0
        ? ctx.ui.t("doctor.fix.staleModels", { cmd: CMD, replacements: replacementText })
        : ctx.ui.t("doctor.fix.pinModels", { cmd: CMD });
    data.stale = [...missing, ...retiring];
    if (missing.length > 0) return fail(ctx.ui.t("doctor.models.unknown", { models: missing.join(", ") }), fix, data, repairs);
    if (retiring.length > 0) {
      return warn(
        ctx.ui.t("doctor.models.retiring", { models: retiring.map((n) => `${n} (${byId.get(n)?.expirationDate})`).join(", ") }),
        fix,
        data,
        repairs,
      );
    }
    if (doubled.length > 0)
      return warn(
        ctx.ui.t("doctor.models.doubleDefault", { tiers: doubled.join(", ") }),
        ctx.ui.t("doctor.fix.pinModels", { cmd: CMD }),
        data,
      );
    return ok(ctx.ui.t("doctor.models.ok", { models: names.join(", ") }), data);
  },
};

export const configEgress: Check = {
  id: "config.egress",
  title: "doctor.title.config.egress",
  dependsOn: ENTRY_DEPS,
  async run(ctx, shared) {
    const raw = (await settingsOf(shared)).coworkEgressAllowedHosts;
    const hosts = existingHosts(raw);
    const data = { hosts };
    const fixDev = ctx.ui.t("doctor.fix.egressDev", { cmd: CMD });
    // Unset means only the inference host is reachable: --fix adds the dev preset, nothing wider.
    if (hosts.length === 0)
      return warn(ctx.ui.t("doctor.egress.unset"), fixDev, data, [
        { kind: "entry-key", key: "coworkEgressAllowedHosts", value: [...DEV_HOSTS], from: raw ?? null },
      ]);
    const withPort = hosts.filter((h) => /:\d+$/.test(h));
    const malformed = hosts.filter((h) => h !== "*" && !validHost(h.replace(/:\d+$/, "").toLowerCase()));
    if (malformed.length > 0)
      return fail(ctx.ui.t("doctor.egress.malformed", { hosts: malformed.join(", ") }), ctx.ui.t("doctor.fix.egressEdit"), data);
    if (withPort.length > 0)
      return warn(ctx.ui.t("doctor.egress.port", { hosts: withPort.join(", ") }), ctx.ui.t("doctor.fix.egressEdit"), data);
    if (hosts.includes("*")) return warn(ctx.ui.t("doctor.egress.all"), ctx.ui.t("doctor.fix.egressAll"), data);
    return ok(ctx.ui.t("doctor.egress.ok", { count: hosts.length }), data);
  },
};
