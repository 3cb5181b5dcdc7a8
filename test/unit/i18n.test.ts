import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import { zhCN } from "../../src/i18n/zh-CN.js";
import { format, langFromEnv, parseLang } from "../../src/i18n/catalogue.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("en and zh-CN have exactly the same keys", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it("every message has the same placeholders in both languages", () => {
    const mismatches = Object.keys(en).filter(
      (key) => JSON.stringify(placeholders(en[key as keyof typeof en])) !== JSON.stringify(placeholders(zhCN[key as keyof typeof en])),
    );
    expect(mismatches).toEqual([]);
  });

  it("no zh-CN message is left in English", () => {
    const untranslated = Object.entries(zhCN).filter(
      ([key, text]) => !/[\u4e00-\u9fff]/.test(text) && !["label.app", "doctor.limit.detail", "login.page.lang"].includes(key),
    );
    expect(untranslated).toEqual([]);
  });

  it("formats placeholders and leaves unknown ones visible", () => {
    expect(format("a {x} b {y}", { x: 1 })).toBe("a 1 b {y}");
  });

  it("picks the language from the locale, LC_ALL first", () => {
    expect(langFromEnv({ LANG: "zh_CN.UTF-8" })).toBe("zh-CN");
    expect(langFromEnv({ LC_ALL: "en_US.UTF-8", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(langFromEnv({ LC_MESSAGES: "zh_TW.UTF-8" })).toBe("zh-CN");
    expect(langFromEnv({})).toBe("en");
    expect(langFromEnv({ LANG: "C" })).toBe("en");
    expect(parseLang("zh-CN")).toBe("zh-CN");
    expect(parseLang("fr")).toBeUndefined();
  });
});
