// The one wrapping rule for human lines, and the order in which stdout and stderr lines come out.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { RedactingStream } from "../../src/core/redact.js";
import { displayWidth, table, wrapHuman, wrapText } from "../../src/render/style.js";

/** Every line of the wrapped text, with its width in cells. */
const widths = (text: string) => text.split("\n").map(displayWidth);

describe("wrapText", () => {
  it("breaks at spaces within the width, never inside a word, and keeps runs of spaces", () => {
    const text = "Nothing is written before you confirm: paste a key  or sign in.";
    const out = wrapText(text, 20);
    expect(Math.max(...widths(out))).toBeLessThanOrEqual(20);
    expect(out.split(/\s+/).join(" ")).toBe(text.split(/\s+/).join(" "));
    for (const word of ["Nothing", "written", "confirm:"]) expect(out).toContain(word);
    expect(wrapText(text, 200)).toBe(text);
  });

  it("counts CJK as two cells and breaks between CJK characters, never before closing punctuation", () => {
    const text = "在你确认之前不会写入任何内容。在任何问题处按 Ctrl-C 即可退出，届时不会写入任何内容。";
    const out = wrapText(text, 24);
    expect(Math.max(...widths(out))).toBeLessThanOrEqual(24);
    expect(out.replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
    expect(out).toContain("Ctrl-C");
    for (const line of out.split("\n").slice(1)) expect(line).not.toMatch(/^[，。）：]/u);
  });

  it("does not count colour codes, and never splits a URL; a long path breaks after a slash", () => {
    const url = "https://openrouter.ai/settings/keys/with/a/long/path/that/does/not/fit";
    const out = wrapText(`\u001b[2mKeys are made at ${url} today\u001b[22m`, 30);
    expect(out.split("\n")).toContain(url);
    expect(widths(wrapText("\u001b[31mred words here\u001b[39m", 14))).toEqual([14]);
    const path = "/home/someone/.config/Claude-3p/configLibrary/6f70656e-726f-4000-8000-757465720000.json";
    const wrapped = wrapText(`create ${path}`, 50, { rest: "  " });
    expect(Math.max(...widths(wrapped))).toBeLessThanOrEqual(50);
    expect(wrapped.split("\n").length).toBeGreaterThan(1);
    expect(wrapped.replace(/\n {2}/g, "")).toBe(`create ${path}`);
  });

  it("a first word that does not fit after a long prefix starts the next line", () => {
    expect(wrapText("anthropic/claude-haiku-4.5, more", 40, { first: " ".repeat(30), rest: "  " })).toBe(
      "\n  anthropic/claude-haiku-4.5, more",
    );
  });

  it("hangs under a label and under a mark", () => {
    expect(table([["Key", "one two three four five six"]], "  ", 0, 20)).toBe("  Key  one two three\n       four five six");
    expect(wrapHuman("⚠ one two three four five six", 16)).toBe("⚠ one two three\n  four five six");
  });
});

describe("stdout and stderr", () => {
  it("come out in the order they were written", () => {
    const order: string[] = [];
    // A terminal that takes each write at once but calls back later, as a real one does.
    const sink = new Writable();
    sink.write = ((chunk: string, callback?: () => void) => {
      order.push(chunk);
      if (typeof callback === "function") setImmediate(callback);
      return true;
    }) as typeof sink.write;
    const out = new RedactingStream(() => sink, new Set());
    const err = new RedactingStream(() => sink, new Set());
    err.write("1 warning\n");
    err.write("2 another warning\n");
    out.write("3 the plan\n");
    expect(order).toEqual(["1 warning\n", "2 another warning\n", "3 the plan\n"]);
  });
});
