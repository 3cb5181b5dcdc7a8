// Files we do not own (_meta.json, both claude_desktop_config.json) are edited surgically: only the
// bytes of our members differ; number literals, duplicate keys, key order, indentation, line
// endings, a BOM, the final newline and non-ASCII text stay byte-identical, and revert gives back
// the exact original bytes. A file that is not UTF-8 is refused, never re-encoded.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ENTRY_ID } from "../../src/config/entry.js";
import { planSetup } from "../../src/config/setup-plan.js";
import { planRevert } from "../../src/config/revert-plan.js";
import { commitChanges } from "../../src/core/transaction.js";
import { withLock } from "../../src/core/lock.js";
import { coreBox } from "../helpers/core-context.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { createSandbox } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const figures = { setupRevert: 0, surgicalRevert: 0 };

const keyEnv = () => ({ OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });

describe("the reported damage", () => {
  const odd =
    '\uFEFF{\r\n    "x": 1e400,\r\n    "z": 12345678901234567890,\r\n    "y": -0,\r\n    "dup": 1,\r\n    "dup": 2,\r\n    "note": "café ☕"\r\n}\r\n';

  it("setup changes only deploymentMode, appliedId and our row; revert gives back every byte", async () => {
    const sb = createSandbox("linux");
    try {
      const meta = odd.replace('"note"', '"entries": [],\r\n    "note"');
      sb.write(sb.paths.rootConfig1p, odd);
      sb.write(sb.paths.rootConfig3p, odd);
      sb.write(sb.paths.meta, meta);
      const setup = await runInProcess(["setup", "--yes"], { ...sb.env, ...keyEnv() });
      expect(setup.exitCode, setup.stderr).toBe(0);
      const withMode = odd.replace('"note": "café ☕"', '"note": "café ☕",\r\n    "deploymentMode": "3p"');
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(withMode);
      expect(readFileSync(sb.paths.rootConfig3p, "utf8")).toBe(withMode);
      expect(readFileSync(sb.paths.meta, "utf8")).toBe(
        meta
          .replace(
            '"entries": []',
            `"entries": [\r\n        {\r\n            "id": "${ENTRY_ID}",\r\n            "name": "OpenRouter"\r\n        }\r\n    ]`,
          )
          .replace('"note": "café ☕"', `"note": "café ☕",\r\n    "appliedId": "${ENTRY_ID}"`),
      );
      // Our own files stay 2-space with a final newline.
      expect(readFileSync(sb.paths.entry, "utf8")).toMatch(/^\{\n {2}"inferenceProvider": "gateway",\n[\s\S]*\n\}\n$/);
      const revert = await runInProcess(["revert", "--yes"], sb.env);
      expect(revert.exitCode, revert.stderr).toBe(0);
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(odd);
      expect(readFileSync(sb.paths.rootConfig3p, "utf8")).toBe(odd);
      expect(readFileSync(sb.paths.meta, "utf8")).toBe(meta);
    } finally {
      sb.cleanup();
    }
  });

  it("tabs and no final newline stay as they are", async () => {
    const sb = createSandbox("linux");
    try {
      const tabbed = '{\n\t"mcpServers": {\n\t\t"git": {"command": "uvx"}\n\t},\n\t"deploymentMode": "1p"\n}';
      sb.write(sb.paths.rootConfig1p, tabbed);
      expect((await runInProcess(["setup", "--yes"], { ...sb.env, ...keyEnv() })).exitCode).toBe(0);
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(tabbed.replace('"1p"', '"3p"'));
      expect((await runInProcess(["revert", "--yes"], sb.env)).exitCode).toBe(0);
      expect(readFileSync(sb.paths.rootConfig1p, "utf8")).toBe(tabbed);
    } finally {
      sb.cleanup();
    }
  });

  it("a file that is not UTF-8 (cp1252 é) is refused like an unparsable one, and left as it was", async () => {
    const sb = createSandbox("linux");
    try {
      const cp1252 = Buffer.concat([Buffer.from('{\n  "mcpServers": {},\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]);
      mkdirSync(dirname(sb.paths.rootConfig1p), { recursive: true });
      writeFileSync(sb.paths.rootConfig1p, cp1252);
      const run = await runInProcess(["setup", "--yes", "--json"], { ...sb.env, ...keyEnv() });
      expect(run.exitCode).toBe(1);
      expect(run.json()).toMatchObject({ ok: false, error: { code: "config.unparsable", message: expect.stringContaining("not UTF-8") } });
      expect(run.json<{ error: { message: string } }>().error.message).toContain("line 3, column 15");
      expect(readFileSync(sb.paths.rootConfig1p).equals(cp1252)).toBe(true);
      expect(existsSync(sb.paths.entry)).toBe(false);
    } finally {
      sb.cleanup();
    }
  });

  it("a malformed _meta.json comes back byte-identical after setup → revert", async () => {
    const sb = createSandbox("linux");
    try {
      const malformed = '{"appliedId":42,"entries":{"a":1}}';
      sb.write(sb.paths.meta, malformed);
      expect((await runInProcess(["setup", "--yes"], { ...sb.env, ...keyEnv() })).exitCode).toBe(0);
      expect(JSON.parse(readFileSync(sb.paths.meta, "utf8"))).toEqual({
        appliedId: ENTRY_ID,
        entries: [{ id: ENTRY_ID, name: "OpenRouter" }],
      });
      expect((await runInProcess(["revert", "--yes"], sb.env)).exitCode).toBe(0);
      expect(readFileSync(sb.paths.meta, "utf8")).toBe(malformed);
    } finally {
      sb.cleanup();
    }
  });
});

// ---- property: generated JSON texts, literals kept as text, random formatting ----

/** A JSON value whose leaves are literal texts, so that the printed file holds exactly these literals. */
type Tree = { lit: string } | { obj: [string, Tree][] } | { arr: Tree[] };

interface Format {
  unit: string;
  eol: "\n" | "\r\n";
  bom: boolean;
  finalNewline: boolean;
  compact: boolean;
  colon: string;
}

const literal = fc.constantFrom(
  "1e400",
  "12345678901234567890",
  "-0",
  "0.1000",
  "1E+2",
  "-12.5e-3",
  "true",
  "false",
  "null",
  '"caf\\u00e9"',
  '"日本語 ✓"',
  '"a\\"b\\\\c"',
  '"🔑"',
  '""',
);
const keyText: fc.Arbitrary<string> = fc.constantFrom('"a"', '"dup"', '"dup"', '"mcpServers"', '"名前"', '"x y"', '"\\u0041"', '""');
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literal.map((lit) => ({ lit })),
    fc.array(fc.tuple(keyText, tie("t")), { maxLength: 3 }).map((obj) => ({ obj })),
    fc.array(tie("t"), { maxLength: 3 }).map((arr) => ({ arr })),
  ),
})).t;
const format: fc.Arbitrary<Format> = fc.record({
  unit: fc.constantFrom("\t", " ", "  ", "   ", "    ", "        "),
  eol: fc.constantFrom("\n" as const, "\r\n" as const),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  compact: fc.boolean(),
  colon: fc.constantFrom(":", ": ", " : "),
});

function print(node: Tree, f: Format, depth = 0): string {
  if ("lit" in node) return node.lit;
  const items =
    "obj" in node ? node.obj.map(([k, v]) => `${k}${f.colon}${print(v, f, depth + 1)}`) : node.arr.map((v) => print(v, f, depth + 1));
  const [open, close] = "obj" in node ? ["{", "}"] : ["[", "]"];
  if (items.length === 0) return `${open}${close}`;
  if (f.compact) return `${open}${items.join(",")}${close}`;
  const inner = f.unit.repeat(depth + 1);
  return `${open}${f.eol}${items.map((i) => inner + i).join(`,${f.eol}`)}${f.eol}${f.unit.repeat(depth)}${close}`;
}

function fileText(root: Tree, f: Format): string {
  return `${f.bom ? "\uFEFF" : ""}${print(root, f)}${f.finalNewline ? f.eol : ""}`;
}

const uuid = fc.uuid().filter((id) => id !== ENTRY_ID);
const rootConfig: fc.Arbitrary<Tree> = fc
  .tuple(
    fc.array(fc.tuple(keyText, tree), { minLength: 1, maxLength: 5 }),
    fc.option(fc.constantFrom('"1p"', '"3p"', "null", "7"), { nil: undefined }),
    fc.nat(),
  )
  .map(([members, mode, at]) => {
    const obj = [...members];
    if (mode !== undefined) obj.splice(at % (obj.length + 1), 0, ['"deploymentMode"', { lit: mode }]);
    return { obj };
  });
const metaFile: fc.Arbitrary<Tree> = fc
  .tuple(
    fc.array(fc.tuple(fc.option(uuid, { nil: undefined }), fc.constantFrom('"Default"', '"CC Switch"', '"仕事"')), { maxLength: 3 }),
    fc.array(fc.tuple(keyText, tree), { maxLength: 3 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.nat(),
  )
  .map(([rows, extra, appliedIndex, at]) => {
    // The applied entry is one of the rows (as the app keeps it).
    const ids = rows.flatMap(([id]) => (id ? [id] : []));
    const applied = appliedIndex !== undefined && ids.length > 0 ? ids[appliedIndex % ids.length] : undefined;
    const entries: Tree = {
      arr: rows.map(([id, name]) => ({
        obj: [...(id ? [['"id"', { lit: JSON.stringify(id) }] as [string, Tree]] : []), ['"name"', { lit: name }]],
      })),
    };
    const obj: [string, Tree][] = [...extra.filter(([k]) => k !== '"entries"'), ['"entries"', entries]];
    if (applied) obj.splice(at % (obj.length + 1), 0, ['"appliedId"', { lit: JSON.stringify(applied) }]);
    return { obj };
  });

const boxes: ReturnType<typeof coreBox>[] = [];
afterAll(() => {
  for (const b of boxes) b.cleanup();
  console.log(`lossless property runs: ${JSON.stringify(figures)}`);
});

const settings = { apiKey: TEST_KEY, baseUrl: "https://openrouter.ai/api", models: null, egressHosts: ["github.com"] };

async function transact(box: ReturnType<typeof coreBox>, command: "setup" | "revert") {
  await withLock(box.ctx, box.targets.stateDir, async () => {
    const changes =
      command === "setup"
        ? await planSetup(box.ctx, box.targets, { settings, name: "OpenRouter", repair: false })
        : await planRevert(box.ctx, box.targets);
    if (changes.length > 0) await commitChanges(box.ctx, box.targets.stateDir, command, changes);
  });
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * The text with the members we own taken out, by an independent route: the literal member text
 * (`"deploymentMode"<colon>"3p"`, `"appliedId"…`, our row) with the separator before it.
 */
function withoutOurs(text: string): string {
  return text
    .replace(/,?\s*"deploymentMode"\s*:\s*("3p"|"1p"|null|7)(?=\s*[,}])/g, "")
    .replace(/,?\s*"appliedId"\s*:\s*"[0-9a-f-]{36}"(?=\s*[,}])/g, "")
    .replace(new RegExp(`,?\\s*\\{\\s*"id"\\s*:\\s*"${ENTRY_ID}"\\s*,\\s*"name"\\s*:\\s*"OpenRouter"\\s*\\}`, "g"), "")
    .replace(/^(\uFEFF?)\{\s*,?/, "$1{")
    .replace(/\[\s*,?/g, "[")
    .replace(/\s+(?=[}\]])/g, "");
}

describe("property: setup edits only our members; setup → revert is byte-identical", () => {
  it("on generated files with random literals, duplicate keys and formatting", async () => {
    await fc.assert(
      fc.asyncProperty(rootConfig, rootConfig, metaFile, format, format, format, fc.boolean(), async (r1, r3, meta, f1, f3, fm, touch) => {
        const box = coreBox("cdo-lossless-");
        boxes.push(box);
        const before = [fileText(r1, f1), fileText(r3, f3), fileText(meta, fm)];
        const paths = [...box.rootConfigs, box.meta];
        for (const [i, p] of paths.entries()) write(p, before[i]!);
        await transact(box, "setup");
        const after = paths.map((p) => readFileSync(p, "utf8"));
        for (const [i, text] of after.entries()) {
          // The app reads what we meant to write…
          const parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
          if (i < 2) expect(parsed.deploymentMode).toBe("3p");
          else expect(parsed.appliedId).toBe(ENTRY_ID);
          // …and every other byte is the same: BOM, EOL, indentation, literals, duplicates, order.
          expect(withoutOurs(text), paths[i]).toBe(withoutOurs(before[i]!));
          expect(text.startsWith("\uFEFF")).toBe(before[i]!.startsWith("\uFEFF"));
        }
        if (touch) {
          // Something else changed the file since (white space before the last brace): revert then
          // removes or restores only our members, surgically.
          const touched = (t: string) => t.replace(/\}(\s*)$/, " }$1");
          for (const [i, p] of paths.entries()) writeFileSync(p, touched(after[i]!));
          await transact(box, "revert");
          for (const [i, p] of paths.entries()) expect(readFileSync(p, "utf8"), p).toBe(touched(before[i]!));
          figures.surgicalRevert++;
        } else {
          await transact(box, "revert");
          for (const [i, p] of paths.entries()) expect(readFileSync(p, "utf8"), p).toBe(before[i]);
          figures.setupRevert++;
        }
        box.cleanup();
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
