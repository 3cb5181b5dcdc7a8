// Text from a server, a file or a callback never puts a control character on the terminal; the
// credential filter every output passes through stays linear on texts of several megabytes.
import { describe, expect, it } from "vitest";
import { messagesOf } from "../../src/i18n/catalogue.js";
import { maskCredentials } from "../../src/core/credentials.js";
import { hasUnsafeCharacters, stripControls } from "../../src/core/terminal-text.js";
import { en } from "../../src/i18n/en.js";
import { format, translate } from "../../src/i18n/phrase.js";

const ESC = "\u001b";
/** Every kind of hostile text the tool may be handed, with what must be left of it. */
const HOSTILE: [string, string, string][] = [
  ["clear screen (CSI)", `a${ESC}[2Jb`, "ab"],
  ["colour (SGR)", `${ESC}[31;1mred${ESC}[0m`, "red"],
  ["private CSI", `x${ESC}[?1049hy`, "xy"],
  ["window title (OSC 0, BEL)", `t${ESC}]0;pwned\u0007u`, "tu"],
  ["clipboard (OSC 52, ST)", `c${ESC}]52;c;ZWNobyBoaQ==${ESC}\\d`, "cd"],
  ["hyperlink (OSC 8)", `${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\`, "link"],
  ["device control (DCS)", `p${ESC}Pq#0;2;0;0;0${ESC}\\q`, "pq"],
  ["APC and PM", `${ESC}_app${ESC}\\${ESC}^pm${ESC}\\ok`, "ok"],
  ["two-character escapes", `${ESC}c${ESC}7${ESC}(0x`, "x"],
  ["unterminated OSC", `ok${ESC}]0;never ends`, "ok"],
  ["C1 CSI", "a\u009b2Jb", "ab"],
  ["C1 OSC with C1 ST", "a\u009d0;title\u009cb", "ab"],
  ["lone C1 and DEL", "a\u0085\u008e\u007fb", "ab"],
  ["C0 controls", "a\u0000\u0007\u0008b", "ab"],
  ["line breaks and tabs", "a\r\nb\tc", "a  b c"],
  ["bidi override", "evil\u202Etxt.exe", "eviltxt.exe"],
  ["bidi isolates and marks", "\u2066a\u2069\u200Fb\u061C\u202Ac\u202C", "abc"],
];

describe("stripControls", () => {
  it.each(HOSTILE)("takes out %s whole", (_name, text, expected) => {
    expect(stripControls(text)).toBe(expected);
    expect(hasUnsafeCharacters(stripControls(text))).toBe(false);
  });

  it("leaves plain text as it is, including CJK, emoji and combining marks", () => {
    const plain = "José 张三 — 🚀 e\u0301 ~!@#$%^&*()[]{}";
    expect(stripControls(plain)).toBe(plain);
  });

  it("keeps line feeds when asked, and nothing else", () => {
    expect(stripControls(`a\nb\r\n${ESC}[2Jc`, { keepLines: true })).toBe("a\nb \nc");
  });

  it("is linear: megabytes of escape sequences and C1 introducers are cleaned in one pass", () => {
    const text = `${ESC}[`.repeat(1_000_000) + `${ESC}]`.repeat(1_000_000) + "\u009b".repeat(1_000_000);
    expect(stripControls(`x${text}y`)).toBe("x");
    expect(stripControls(`${"a\u202E".repeat(2_000_000)}`)).toBe("a".repeat(2_000_000));
  });
});

describe("message parameters", () => {
  it("are stripped whatever their source, so a catalogue message cannot carry an escape sequence", () => {
    const hostile = `${ESC}]52;c;ZWNobw==\u0007${ESC}[2Jdenied\u202E`;
    const text = translate(messagesOf(en), "error.loginDenied", { reason: hostile });
    expect(hasUnsafeCharacters(text)).toBe(false);
    expect(text).toContain("denied");
    expect(format("{a}|{b}", { a: `${ESC}[31mx`, b: 7 })).toBe("x|7");
  });

  it("phrases inside messages are stripped too", () => {
    const text = translate(messagesOf(en), "error.loginDenied", {
      reason: { key: "error.loginDenied", params: { reason: `${ESC}]0;t\u0007x` } },
    });
    expect(hasUnsafeCharacters(text)).toBe(false);
  });
});

describe("the credential filter on very long values", () => {
  const KEY = `sk-or-v1-${"0123456789abcdef".repeat(4)}`;
  // Each of these threw "RangeError: Maximum call stack size exceeded" from a regular expression,
  // or took quadratic time (every "sk-" re-scanned the rest of the text).
  const HUGE: [string, string][] = [
    ["a 6 MB name of letters", "a".repeat(6_000_000)],
    ["a 6 MB random-looking run", "aB3".repeat(2_000_000)],
    ["a 6 MB run of prefixes", "sk-".repeat(2_000_000)],
    ["a 6 MB run of token starts", "eyJ-".repeat(1_500_000)],
    ["a 6 MB run of AWS-looking ids", "AKIA-".repeat(1_200_000)],
  ];
  it.each(HUGE)("masks %s without throwing, and still finds a key after it", (_name, text) => {
    const out = maskCredentials(`${text} ${KEY} end`, { random: true, keep: new Set(["public"]) });
    expect(out).not.toContain(KEY);
    expect(out.endsWith(`${KEY.slice(0, 12)}...cdef end`)).toBe(true);
  });

  it("masks a credential shaped run inside a huge name exactly as in a short one", () => {
    const short = maskCredentials(`x ${KEY} y`, { random: true });
    const long = maskCredentials(`${"z".repeat(3_000_000)} ${KEY} y`, { random: true });
    expect(long.slice(-short.length + 1)).toBe(short.slice(1));
  });
});
