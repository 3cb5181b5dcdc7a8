// A language's messages for a run. The built CLI reads them from the packed file of the language
// instead (scripts/build.mjs puts that version of this module in the bundle: src/i18n/packed.ts).
import type { Lang } from "./lang.js";
import { type Messages, messagesOf } from "./catalogue.js";

export async function loadMessages(lang: Lang): Promise<Messages> {
  if (lang === "zh-CN") return messagesOf((await import("./zh-CN.js")).zhCN);
  return messagesOf((await import("./en.js")).en);
}
