// Item 2: property tests (fast-check). For random existing libraries, foreign entries and root
// configs (random keys, nesting, unicode), driven through the core in-process:
//   setup → revert restores every foreign key and value (and removes what setup created);
//   setup twice equals setup once (the second plan is empty, every byte unchanged).
// PROPERTY_RUNS raises the number of runs (default 100 per property in `npm test`).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { planSetup } from "../../src/config/setup-plan.js";
import { planRevert } from "../../src/config/revert-plan.js";
import { ENTRY_ID, type EntrySettings, type ModelEntry } from "../../src/config/entry.js";
import { commitChanges } from "../../src/core/transaction.js";
import { withLock } from "../../src/core/lock.js";
import { coreBox } from "../helpers/core-context.js";
import { TEST_KEY } from "../helpers/fixtures.js";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const propertyFigures = { setupRevert: 0, idempotent: 0 };

const uuid = fc.uuid().filter((id) => id !== ENTRY_ID);
const key = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("__proto__", "constructor", "deploymentMode", "inferenceProvider", "mcpServers", "", "日本語", "🔑"),
);
const value = fc.jsonValue({ maxDepth: 3 });
const object = (extra: fc.Arbitrary<Record<string, unknown>> = fc.constant({})) =>
  fc.tuple(fc.dictionary(key, value, { maxKeys: 6 }), extra).map(([a, b]) => ({ ...a, ...b }));

interface Library {
  meta: Record<string, unknown> | null;
  entries: Record<string, Record<string, unknown>>;
  roots: (Record<string, unknown> | null)[];
  /** Serialisation style of every existing file: compact, pretty, BOM + CRLF. */
  style: "compact" | "pretty" | "bom-crlf";
}

const library: fc.Arbitrary<Library> = fc
  .record({
    rows: fc.uniqueArray(
      fc.record({
        id: uuid,
        name: fc.string({ unit: "grapheme", maxLength: 10 }),
        extra: fc.dictionary(
          key.filter((k) => k !== "id" && k !== "name"),
          value,
          { maxKeys: 2 },
        ),
      }),
      { selector: (r) => r.id, maxLength: 4 },
    ),
    appliedIndex: fc.option(fc.nat(), { nil: undefined }),
    metaExists: fc.boolean(),
    metaExtra: fc.dictionary(
      key.filter((k) => k !== "appliedId" && k !== "entries"),
      value,
      { maxKeys: 4 },
    ),
    entryBodies: fc.array(object(), { maxLength: 4 }),
    roots: fc.tuple(
      fc.option(object(fc.option(fc.record({ deploymentMode: value }), { nil: undefined }).map((d) => d ?? {})), { nil: null }),
      fc.option(object(), { nil: null }),
    ),
    style: fc.constantFrom("compact", "pretty", "bom-crlf") as fc.Arbitrary<Library["style"]>,
  })
  .map(({ rows, appliedIndex, metaExists, metaExtra, entryBodies, roots, style }) => {
    const entries: Library["entries"] = {};
    rows.forEach((row, i) => {
      if (entryBodies[i]) entries[row.id] = entryBodies[i]!;
    });
    let meta: Library["meta"] = null;
    if (metaExists) {
      meta = { ...metaExtra };
      if (appliedIndex !== undefined && rows.length > 0) meta.appliedId = rows[appliedIndex % rows.length]!.id;
      meta.entries = rows.map((r) => ({ ...r.extra, id: r.id, name: r.name }));
    }
    return { meta, entries, roots: [...roots], style };
  });

const settings: fc.Arbitrary<{ settings: EntrySettings; name: string }> = fc
  .record({
    models: fc.option(
      fc.constant<ModelEntry[]>([{ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true }]),
      { nil: null },
    ),
    egressHosts: fc.array(fc.domain(), { maxLength: 3 }),
    name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0),
  })
  .map(({ models, egressHosts, name }) => ({
    settings: { apiKey: TEST_KEY, baseUrl: "https://openrouter.ai/api", models, egressHosts },
    name,
  }));

function serialise(value: unknown, style: Library["style"]): string {
  if (style === "compact") return JSON.stringify(value);
  const pretty = `${JSON.stringify(value, null, 2)}\n`;
  return style === "pretty" ? pretty : `\uFEFF${pretty.replace(/\n/g, "\r\n")}`;
}

function write(path: string, value: unknown, style: Library["style"]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serialise(value, style));
}

/** JSON with every object's keys sorted: equality of values, independent of key order. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) : null;
}

/** Every file under dir except the tool's state directory, with its exact bytes. */
function bytes(dir: string, skip: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, name.name);
      if (full === skip) continue;
      if (name.isDirectory()) walk(full);
      else out.set(full, readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return out;
}

const boxes: ReturnType<typeof coreBox>[] = [];
afterAll(() => {
  for (const b of boxes) b.cleanup();
});

function lay(lib: Library) {
  const box = coreBox();
  boxes.push(box);
  if (lib.meta) write(box.meta, lib.meta, lib.style);
  for (const [id, body] of Object.entries(lib.entries)) write(join(box.libDir, `${id}.json`), body, lib.style);
  lib.roots.forEach((root, i) => {
    if (root) write(box.rootConfigs[i]!, root, lib.style);
  });
  return box;
}

async function setup(box: ReturnType<typeof coreBox>, input: { settings: EntrySettings; name: string }) {
  return withLock(box.ctx, box.targets.stateDir, async () => {
    const changes = await planSetup(box.ctx, box.targets, { ...input, repair: false });
    if (changes.length > 0) await commitChanges(box.ctx, box.targets.stateDir, "setup", changes);
    return changes;
  });
}

async function revert(box: ReturnType<typeof coreBox>) {
  return withLock(box.ctx, box.targets.stateDir, async () => {
    const changes = await planRevert(box.ctx, box.targets);
    if (changes.length > 0) await commitChanges(box.ctx, box.targets.stateDir, "revert", changes);
    return changes;
  });
}

describe("properties of setup and revert", () => {
  it("setup → revert restores every foreign key and value", async () => {
    await fc.assert(
      fc.asyncProperty(library, settings, async (lib, input) => {
        const box = lay(lib);
        const files = [box.meta, ...Object.keys(lib.entries).map((id) => join(box.libDir, `${id}.json`)), ...box.rootConfigs];
        const before = files.map((f) => [f, readJson(f)] as const);
        const untouched = Object.keys(lib.entries).map(
          (id) => [join(box.libDir, `${id}.json`), readFileSync(join(box.libDir, `${id}.json`))] as const,
        );
        await setup(box, input);
        expect(readJson(join(box.libDir, `${ENTRY_ID}.json`))).toMatchObject({ inferenceGatewayApiKey: TEST_KEY });
        expect((readJson(box.meta) as { appliedId: string }).appliedId).toBe(ENTRY_ID);
        await revert(box);
        expect(existsSync(join(box.libDir, `${ENTRY_ID}.json`))).toBe(false);
        for (const [file, value] of before) expect(canonical(readJson(file)), file).toBe(canonical(value));
        // Foreign entry files are never even rewritten.
        for (const [file, raw] of untouched) expect(readFileSync(file).equals(raw), file).toBe(true);
        // A second revert has nothing left to do.
        expect(await revert(box)).toEqual([]);
        propertyFigures.setupRevert++;
        box.cleanup();
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("setup twice equals setup once", async () => {
    await fc.assert(
      fc.asyncProperty(library, settings, async (lib, input) => {
        const box = lay(lib);
        await setup(box, input);
        const once = bytes(box.dir, "");
        expect(await setup(box, input)).toEqual([]);
        expect(bytes(box.dir, "")).toEqual(once);
        propertyFigures.idempotent++;
        box.cleanup();
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  afterAll(() => console.log(`property runs: ${JSON.stringify(propertyFigures)}`));
});
