// Which proxy the environment asks for, read from the context's environment (never process.env),
// with lower-case names winning as curl does.
import type { Env } from "../core/context.js";

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

export function proxySettings(env: Env): ProxySettings {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? "";
  const httpProxy = pick("http_proxy");
  return { httpProxy, httpsProxy: pick("https_proxy") || httpProxy, noProxy: pick("no_proxy") };
}

/** The proxy a request to url goes through, or null (NO_PROXY: "*", host, .suffix, host:port). */
export function proxyFor(url: string, settings: ProxySettings): string | null {
  const target = new URL(url);
  const proxy = target.protocol === "https:" ? settings.httpsProxy : settings.httpProxy;
  if (!proxy) return null;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  for (const raw of settings.noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return null;
    const [entryHost = "", entryPort] = entry.replace(/^\*?\./, ".").split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) continue;
    if (
      entryHost.startsWith(".")
        ? host.endsWith(entryHost) || host === entryHost.slice(1)
        : host === entryHost || host.endsWith(`.${entryHost}`)
    ) {
      return null;
    }
  }
  return proxy;
}

/** A proxy URL without its credentials, for messages. */
export function displayProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return proxy.replace(/\/\/[^@/]*@/, "//");
  }
}
