// The layers, each in one sentence, held by reading the import graph of src/:
//   - core/ imports only core/ and i18n/ (it reaches the world through the injected Context);
//   - domain rooms (everything but the entry and commands/) never import commands/ or the entry;
//   - no value-import cycle anywhere.
// Value imports are static imports, re-exports and import() calls; `import type` and
// `export type` are left aside (they vanish from the bundle). Under verbatimModuleSyntax an
// import whose every name is `type` still loads the module, so it counts as a value import.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = /^src\/(cli\.ts|cli\/|launch\.ts)/;
const COMMANDS = /^src\/commands\//;
const CORE = /^src\/core\//;
const CORE_MAY_IMPORT = /^src\/(core|i18n)\//;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) ? [path] : [];
  });
}

const slash = (path: string) => path.split("\\").join("/");

/** The relative modules a file loads at run time, as paths from the repository root. */
function valueImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier))
      specifiers.push(node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      specifiers.push(node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) specifiers.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((s) => s.startsWith("."))
    .map((s) => slash(relative(ROOT, resolve(dirname(file), s))).replace(/\.js$/, ".ts"))
    .filter((s) => s.startsWith("src/"));
}

type Graph = Map<string, string[]>;

function importGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sources(join(ROOT, "src"))) graph.set(slash(relative(ROOT, file)), valueImports(file, readFileSync(file, "utf8")));
  return graph;
}

/** Imports that break a layer rule, as "from -> to". */
function layerViolations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (CORE.test(from) && !CORE_MAY_IMPORT.test(to)) found.push(`${from} -> ${to} (core/ imports only core/ and i18n/)`);
      if (!ENTRY.test(from) && !COMMANDS.test(from) && (COMMANDS.test(to) || ENTRY.test(to)))
        found.push(`${from} -> ${to} (a domain room imports neither commands/ nor the entry)`);
      if (COMMANDS.test(from) && ENTRY.test(to)) found.push(`${from} -> ${to} (commands do not import the entry)`);
    }
  }
  return found.sort();
}

/** Every value-import cycle's modules (strongly connected components of more than one module, or a self-import). */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

describe("layers", () => {
  const graph = importGraph();

  it("reads the whole of src/", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("src/cli.ts")?.length).toBeGreaterThan(0);
  });

  it("core/ imports only core/ and i18n/; domain rooms never import commands/ or the entry", () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it("has no value-import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("the checks find what they are meant to find", () => {
    const file = join(ROOT, "src/core/x.ts");
    expect(
      valueImports(
        file,
        [
          'import { a } from "../config/a.js";',
          'import type { B } from "./b.js";',
          'import { type C } from "./c.js";',
          'export { d } from "./d.js";',
          'export type { E } from "./e.js";',
          'const f = await import("../commands/f.js");',
          'import "node:fs";',
        ].join("\n"),
      ),
    ).toEqual(["src/config/a.ts", "src/core/c.ts", "src/core/d.ts", "src/commands/f.ts"]);
    const bad: Graph = new Map([
      ["src/core/x.ts", ["src/config/a.ts", "src/i18n/en.ts"]],
      ["src/config/a.ts", ["src/commands/b.ts", "src/config/c.ts"]],
      ["src/config/c.ts", ["src/config/a.ts"]],
      ["src/commands/b.ts", ["src/cli.ts"]],
      ["src/cli.ts", []],
      ["src/i18n/en.ts", []],
    ]);
    expect(layerViolations(bad)).toEqual([
      "src/commands/b.ts -> src/cli.ts (commands do not import the entry)",
      "src/config/a.ts -> src/commands/b.ts (a domain room imports neither commands/ nor the entry)",
      "src/core/x.ts -> src/config/a.ts (core/ imports only core/ and i18n/)",
    ]);
    expect(cycles(bad)).toEqual([["src/config/a.ts", "src/config/c.ts"]]);
  });
});
