// The plan's diff: the same hunks as a diff of the whole texts, work that grows linearly with the
// file (counted in line comparisons, not timed), a summary instead of a diff that would cost too
// much, and secrets masked by shape and by place as `show` masks them.
import { structuredPatch } from "diff";
import { describe, expect, it } from "vitest";
import type { PlannedChange } from "../../src/config/plan.js";
import { type DiffWork, lineDiff, MAX_DIFF_EDITS, renderDiff } from "../../src/render/diff.js";
import { coreBox } from "../helpers/core-context.js";
import { maskJsonText } from "../../src/render/mask-text.js";
import { maskSettings } from "../../src/render/mask.js";

/** A deterministic pseudo-random sequence (no flaky inputs). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function config(servers: number, extra: Record<string, unknown> = {}, indent: string | number = 2): string {
  const mcpServers: Record<string, unknown> = {};
  for (let i = 0; i < servers; i++) mcpServers[`server-${i}`] = { command: "npx", args: ["-y", `pkg-${i}`], env: { LEVEL: `${i}` } };
  return `${JSON.stringify({ first: "a", mcpServers, ...extra }, null, indent)}\n`;
}

describe("lineDiff", () => {
  it("gives a diff that turns the old text into the new one, as small as a diff of the whole texts", () => {
    const next = random(7);
    const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
    const changes = (hunkLines: string[][]) => hunkLines.flat().filter((line) => /^[-+]/.test(line)).length;
    for (let round = 0; round < 300; round++) {
      const old = Array.from({ length: 5 + Math.floor(next() * 60) }, () => `line ${Math.floor(next() * 8)}`);
      const changed = [...old];
      for (let edits = Math.floor(next() * 5); edits >= 0; edits--) {
        const at = Math.floor(next() * changed.length);
        const kind = next();
        if (kind < 0.33) changed.splice(at, 1);
        else if (kind < 0.66) changed.splice(at, 0, `new ${round}`);
        else changed[at] = `changed ${round}`;
      }
      const before = `${old.join("\n")}\n`;
      const after = `${changed.join("\n")}\n`;
      const ours = lineDiff(before, after);
      if (!("hunks" in ours)) throw new Error("a small diff is never summed up");
      // Applied to the old lines, the hunks give the new ones.
      const result: string[] = [];
      let at = 0;
      for (const hunk of ours.hunks) {
        const first = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
        while (at < first) result.push(old[at++]!);
        for (const line of hunk.lines) {
          if (line.startsWith("+")) result.push(line.slice(1));
          else if (line.startsWith("-")) expect(old[at++]).toBe(line.slice(1));
          else if (line.startsWith(" ")) {
            expect(old[at]).toBe(line.slice(1));
            result.push(old[at++]!);
          }
        }
      }
      while (at < old.length) result.push(old[at++]!);
      expect(result).toEqual(lines(after));
      const whole = structuredPatch("a", "b", before, after, "", "", { context: 3 });
      expect(changes(ours.hunks.map((h) => h.lines))).toBe(changes(whole.hunks.map((h) => h.lines)));
    }
  });

  it("the same hunks as a diff of the whole texts for a config file", () => {
    const before = config(200);
    const after = config(200, { deploymentMode: "3p" }).replace('"pkg-100"', '"pkg-x"');
    const ours = lineDiff(before, after);
    const whole = structuredPatch("a", "b", before, after, "", "", { context: 3 });
    expect("hunks" in ours && ours.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines, h.lines])).toEqual(
      whole.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines, h.lines]),
    );
  });

  it("does work linear in the file's size: changes at both ends of a file 4 times larger cost about 4 times more", () => {
    const measure = (servers: number) => {
      const before = config(servers);
      const after = config(servers, { deploymentMode: "3p" }).replace('"first": "a"', '"first": "b"');
      const work: DiffWork = { comparisons: 0 };
      const diff = lineDiff(before, after, work);
      expect("hunks" in diff && diff.hunks.length).toBe(2);
      return { work: work.comparisons, lines: before.split("\n").length };
    };
    const small = measure(10_000);
    const large = measure(40_000);
    expect(large.lines / small.lines).toBeGreaterThan(3.9);
    expect(large.work / small.work).toBeLessThan(4.5);
    expect(large.work).toBeLessThan(large.lines * 8);
  });

  it("one change in a large file costs one comparison per line", () => {
    const before = config(50_000);
    const after = before.replace('"server-25000"', '"server-x"');
    const work: DiffWork = { comparisons: 0 };
    lineDiff(before, after, work);
    expect(work.comparisons).toBeLessThan(before.split("\n").length + 50);
  });

  it("a file rewritten in another layout is summed up, in a bounded number of comparisons whatever its size", () => {
    const measure = (servers: number) => {
      const work: DiffWork = { comparisons: 0 };
      const diff = lineDiff(config(servers, {}, "\t"), config(servers, {}, 2), work);
      expect(diff).toHaveProperty("tooLarge");
      return work.comparisons;
    };
    const small = measure(5_000);
    const large = measure(40_000);
    expect(large).toBeLessThan(4 * MAX_DIFF_EDITS * MAX_DIFF_EDITS);
    expect(large).toBeLessThan(small * 1.5);
  });
});

describe("the diff as printed", () => {
  it("a file rewritten in another layout is summed up in words; a small change is shown line by line, controls stripped", () => {
    const box = coreBox();
    try {
      const change = (before: string, after: string) =>
        ({ path: "/x/claude_desktop_config.json", before: Buffer.from(before), after: Buffer.from(after) }) as PlannedChange;
      const big = renderDiff(box.ctx, change(config(2_000, {}, "\t"), config(2_000, {}, 2)));
      expect(big).toMatch(/^\(\d+ lines replaced by \d+: too many differences to show line by line/);
      const small = renderDiff(
        box.ctx,
        change(config(3, { name: "a\u0085b\u202Ec" }), config(3, { name: "a\u0085b\u202Ec", deploymentMode: "3p" })),
      );
      expect(small).toContain('+  "deploymentMode": "3p"');
      expect(small).toContain('"name": "abc"');
    } finally {
      box.cleanup();
    }
  });
});

describe("masking for the diff on large files", () => {
  it("masks a 4 MB file with 40,000 secrets (each edit used to copy the whole text)", () => {
    const servers: Record<string, unknown> = {};
    for (let i = 0; i < 40_000; i++) servers[`s${i}`] = { command: "x", env: { TOKEN: `token-${i}-abcdefgh` } };
    const text = JSON.stringify({ mcpServers: servers }, null, 2);
    expect(text.length).toBeGreaterThan(3_000_000);
    const masked = maskJsonText(text);
    expect(masked).not.toContain("abcdefgh");
    expect(JSON.parse(masked)).toEqual(maskSettings(JSON.parse(text)));
  });
});
