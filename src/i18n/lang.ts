// Which language to speak: from the locale or --lang. Apart from the catalogue, so that bin/ can
// pick the language of a precomputed --help without loading any message.
export type Lang = "en" | "zh-CN";

/** The system's language as ICU knows it: on Windows the user's display locale, which no variable carries. */
function systemLocale(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

/**
 * A zh locale (zh_CN.UTF-8, zh-Hans, zh_TW…) gives Simplified Chinese; anything else English.
 * The variables decide when one is set; otherwise (as on Windows, where none usually is) the
 * system's locale does, read only then.
 */
export function langFromEnv(env: Record<string, string | undefined>, system: () => string | undefined = systemLocale): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value && value.length > 0) ?? system();
  return locale && /^zh([_.@-]|$)/i.test(locale) ? "zh-CN" : "en";
}

export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (v === "en" || v.startsWith("en-") || v.startsWith("en_")) return "en";
  if (v === "zh" || v === "zh-cn" || v === "zh_cn" || v === "zh-hans") return "zh-CN";
  return undefined;
}
