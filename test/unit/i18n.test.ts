import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import { zhCN } from "../../src/i18n/zh-CN.js";
import { format, langFromEnv, type MessageKey, messagesOf, parseLang, plural, translate } from "../../src/i18n/catalogue.js";
import { packCatalogue, unpackCatalogue } from "../../src/i18n/packed.js";

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
      // A proper name ("Secret Service"), and a pattern of full-width punctuation only, need no translation.
      ([key, text]) =>
        !/[\u4e00-\u9fff]/.test(text) &&
        !["label.app", "doctor.limit.detail", "login.page.lang", "keychain.store.linux", "team.actionReason"].includes(key),
    );
    expect(untranslated).toEqual([]);
  });

  it("counts are said with their plural in English, never as 'file(s)'", () => {
    expect(Object.entries(en).filter(([, text]) => /\w\(s\)/.test(text))).toEqual([]);
    const say = (phrase: ReturnType<typeof plural>) => translate(messagesOf(en), phrase.key, phrase.params);
    expect(say(plural("setup.dryRunDone", 1))).toBe("Dry run: 1 file would change. Nothing was written.");
    expect(say(plural("setup.dryRunDone", 4))).toBe("Dry run: 4 files would change. Nothing was written.");
    expect(say(plural("revert.purgeDry", 1))).toBe("1 backup set would be deleted.");
    expect(say(plural("revert.purgeDry", 0))).toBe("0 backup sets would be deleted.");
    expect(say(plural("entry.costOn", 1, { date: "2026-11-30" }))).toBe("on, from OpenRouter prices of 2026-11-30 (1 model)");
    expect(translate(messagesOf(zhCN), plural("team.revokeDone", 1).key, { count: 1 })).toBe("已处理 1 个密钥。");
  });

  it("every counted message has its one and other forms, in both languages", () => {
    const counted = Object.keys(en).filter((key) => /\.(one|other)$/.test(key));
    for (const key of counted) {
      const base = key.replace(/\.(one|other)$/, "");
      expect(Object.keys(en), key).toEqual(expect.arrayContaining([`${base}.one`, `${base}.other`]));
      if (key.endsWith(".other")) expect(en[key as keyof typeof en], key).toContain("{count}");
    }
    expect(counted.length).toBeGreaterThan(10);
  });

  it("formats placeholders and leaves unknown ones visible", () => {
    expect(format("a {x} b {y}", { x: 1 })).toBe("a 1 b {y}");
  });

  it("picks the language from the locale, LC_ALL first", () => {
    expect(langFromEnv({ LANG: "zh_CN.UTF-8" })).toBe("zh-CN");
    expect(langFromEnv({ LC_ALL: "en_US.UTF-8", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(langFromEnv({ LC_MESSAGES: "zh_TW.UTF-8" })).toBe("zh-CN");
    // No variable set (Windows, usually): the system's locale decides; a set variable always wins.
    expect(langFromEnv({}, () => "zh-CN")).toBe("zh-CN");
    expect(langFromEnv({}, () => "zh-Hans-CN")).toBe("zh-CN");
    expect(langFromEnv({}, () => "en-US")).toBe("en");
    expect(langFromEnv({}, () => undefined)).toBe("en");
    expect(langFromEnv({ LANG: "en_US.UTF-8" }, () => "zh-CN")).toBe("en");
    expect(langFromEnv({})).toBe("en");
    expect(langFromEnv({ LANG: "C" })).toBe("en");
    expect(parseLang("zh-CN")).toBe("zh-CN");
    expect(parseLang("fr")).toBeUndefined();
  });

  it("packs each catalogue by topic, and parses a topic only when one of its messages is asked for", () => {
    for (const [catalogue, ascii] of [
      [en, true],
      [zhCN, false],
    ] as const) {
      const packed = packCatalogue(catalogue, ascii);
      if (ascii) expect([...packed].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
      const messages = unpackCatalogue(Buffer.from(packed));
      const keys = Object.keys(catalogue) as MessageKey[];
      expect(keys.filter((key) => messages.text(key) !== (catalogue as Record<string, string>)[key])).toEqual([]);
      expect(messages.text("nothing.here" as MessageKey)).toBeUndefined();
      expect(messages.text("doctor.nothing" as MessageKey)).toBeUndefined();
    }
    // Every topic but one broken: that one still reads, so no other topic was parsed.
    const packed = Buffer.from(packCatalogue(en, true));
    const body = packed.indexOf(0x0a) + 1;
    const index = JSON.parse(packed.toString("utf8", 0, body - 1)) as Record<string, [number, number]>;
    const [start, end] = index.doctor!;
    const broken = Buffer.from(packed)
      .fill("x", body, body + start)
      .fill("x", body + end);
    expect(unpackCatalogue(broken).text("doctor.title.app.installed")).toBe(en["doctor.title.app.installed"]);
    expect(() => unpackCatalogue(broken).text("help.program")).toThrow(SyntaxError);
  });
});
