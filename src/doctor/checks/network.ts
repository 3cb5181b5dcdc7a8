// network.reach: DNS and TLS to the API host, through the proxy when one is set. The probe is the
// public model list, which openrouter.models and config.models read anyway (one request).
import { displayProxy, proxyFor, proxySettings } from "../../openrouter/proxy.js";
import type { Check } from "../types.js";
import { describeError, errorCode, fail, ok } from "../helpers.js";

export const networkReach: Check = {
  id: "network.reach",
  title: "doctor.title.network.reach",
  network: true,
  prefetch: (shared) => void shared.models(),
  async run(ctx, shared) {
    const url = `${ctx.settings.apiUrl.replace(/\/+$/, "")}/models`;
    const host = new URL(url).host;
    const proxy = proxyFor(url, proxySettings(ctx.env));
    const via = proxy ? ctx.ui.t("doctor.reach.via", { proxy: displayProxy(proxy) }) : "";
    const data = { host, proxy: proxy ? displayProxy(proxy) : null, extraCaCerts: Boolean(ctx.env.NODE_EXTRA_CA_CERTS) };
    try {
      await shared.models();
    } catch (error) {
      const code = errorCode(error);
      // Any HTTP answer proves DNS, TCP and TLS worked; the API checks judge the answer.
      if (!code.startsWith("network.")) return ok(ctx.ui.t("doctor.reach.answered", { host, via }), { ...data, answered: code });
      const { detail, fix } = describeError(ctx, error);
      return fail(detail, fix, { ...data, error: code });
    }
    return ok(ctx.ui.t("doctor.reach.ok", { host, via }), data);
  },
};
