// Display widths: printable ASCII is counted without the width library, which loads only for a
// run that lays text out for people; before it loads (a --json run), other text counts its code
// points, so nothing that measures can fail.
import { describe, expect, it } from "vitest";
import { displayWidth, loadColours, loadDisplayWidths, outputWidth, style } from "../../src/render/style.js";

describe("displayWidth", () => {
  it("counts ASCII itself, other text by code point until the library is loaded, then by cells", async () => {
    expect(displayWidth("sk-or-v1-…")).toBe(10);
    expect(displayWidth("plain ASCII, 26 characters")).toBe(26);
    expect(displayWidth("在你确认")).toBe(4);
    expect(displayWidth("😀")).toBe(1);
    await loadDisplayWidths();
    expect(displayWidth("plain ASCII, 26 characters")).toBe(26);
    expect(displayWidth("在你确认")).toBe(8);
    expect(displayWidth("😀")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("\u001b[31mred\u001b[39m")).toBe(3);
  });

  it("--json lays nothing out for people: stderr lines are not wrapped", () => {
    const streams = { stderr: { isTTY: true, columns: 40 } } as never;
    expect(outputWidth({ streams, ui: { json: true } })).toBe(Number.POSITIVE_INFINITY);
    expect(outputWidth({ streams, ui: { json: false } })).toBe(40);
  });

  it("paints once the colour library is loaded (src/cli/session.ts), and never when colour is off", async () => {
    expect(style({ ui: { color: true } } as never).ok("done")).toBe("done");
    await loadColours();
    expect(style({ ui: { color: true } } as never).ok("done")).toBe("\u001b[32mdone\u001b[39m");
    expect(style({ ui: { color: false } } as never).ok("done")).toBe("done");
  });
});
