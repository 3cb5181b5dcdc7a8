// Display widths: text of one-cell characters (printable ASCII and the tool's own marks) is
// counted without the width library, which loads the first time other text is measured; both
// must give the library's answer.
import stringWidth from "fast-string-width";
import { describe, expect, it } from "vitest";
import { displayWidth, loadColours, ONE_CELL_RANGES, style } from "../../src/render/style.js";

describe("displayWidth", () => {
  it("counts as one cell only characters the library gives one cell", () => {
    for (const [first, last] of ONE_CELL_RANGES) {
      for (let code = first; code <= last; code++) {
        const char = String.fromCodePoint(code);
        expect(stringWidth(char), `U+${code.toString(16)}`).toBe(1);
        expect(displayWidth(char)).toBe(1);
      }
    }
  });

  it("gives the library's width for any text, with or without colour codes", () => {
    const texts = [
      "plain ASCII, 26 characters",
      "✔ Done → next… “quoted” – ⚠ ℹ ⠋",
      "在你确认之前",
      "Claude Desktop on José's 张三 laptop",
      "😀 emoji",
      "e\u0301 combining",
      "\u001b[31mred\u001b[39m words",
      "\u001b[32m在你\u001b[39m",
      "",
    ];
    for (const text of texts) expect(displayWidth(text), text).toBe(stringWidth(text));
  });
});

describe("style", () => {
  it("paints once the colour library is loaded (src/cli/session.ts), and never when colour is off", async () => {
    expect(style({ ui: { color: true } } as never).ok("done")).toBe("done");
    await loadColours();
    expect(style({ ui: { color: true } } as never).ok("done")).toBe("\u001b[32mdone\u001b[39m");
    expect(style({ ui: { color: false } } as never).ok("done")).toBe("done");
  });
});
