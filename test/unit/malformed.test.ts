// Item 3: malformed input, ≥ 5000 generated cases, mostly in-process for speed.
// - config files (every file setup reads): truncated JSON, BOM, CRLF, NUL bytes, huge files,
//   wrong types, arrays where objects belong, symlinks (to files, dangling, loops), unreadable
//   and read-only files (EACCES injected: tests run as root), directories where files belong;
// - API bodies for /key and /models: wrong types, missing fields, HTML, empty, gigantic;
// - flags: random argv through cli.run().
// Every case: no exception escapes except a typed CliError whose message and hint exist in the
// catalogue, and no file that did not parse is ever overwritten.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonObject, JsonParseFailure } from "../../src/config/json-file.js";
import { planSetup } from "../../src/config/setup-plan.js";
import { planRevert } from "../../src/config/revert-plan.js";
import { ENTRY_ID } from "../../src/config/entry.js";
import { CliError } from "../../src/core/errors.js";
import type { FileSystem } from "../../src/core/context.js";
import { commitChanges } from "../../src/core/transaction.js";
import { withLock } from "../../src/core/lock.js";
import { en } from "../../src/i18n/en.js";
import { parseKeyInfo, parseModels } from "../../src/openrouter/api.js";
import { coreBox, coreContext } from "../helpers/core-context.js";
import { fixture, TEST_KEY } from "../helpers/fixtures.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess, type InProcessRun } from "../helpers/in-process.js";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

const SCALE = Number(process.env.MALFORMED_SCALE ?? 1);
const figures = { configCases: 0, apiCases: 0, httpCases: 0, flagCases: 0, typedFailures: 0, successes: 0, uncaught: 0 };

/** A failure must be a CliError with a catalogued message and hint. */
function expectTyped(error: unknown, context: string): void {
  if (!(error instanceof CliError)) {
    figures.uncaught++;
    throw new Error(`${context}: untyped ${error instanceof Error ? error.stack : String(error)}`);
  }
  expect(en[error.messageKey], `${context}: message ${error.messageKey}`).toBeTypeOf("string");
  expect(error.hintKey, `${context}: ${error.code} has no hint`).toBeDefined();
  expect(en[error.hintKey!], `${context}: hint ${error.hintKey}`).toBeTypeOf("string");
  figures.typedFailures++;
}

const VALID_META = {
  appliedId: "00000000-0000-4000-8000-000000157210",
  entries: [{ id: "00000000-0000-4000-8000-000000157210", name: "Default" }],
};
const VALID_ROOT = { mcpServers: { files: { command: "npx", args: ["-y", "x"] } }, deploymentMode: "1p" };
const VALID_ENTRY = { inferenceProvider: "gateway", coworkEgressAllowedHosts: ["github.com"], futureSetting: { a: [1, 2] } };

/** Content generators: bytes for a file meant to hold a JSON object. */
function mutations(valid: object): fc.Arbitrary<{ kind: string; bytes: Buffer }> {
  const text = `${JSON.stringify(valid, null, 2)}\n`;
  const buf = (s: string) => Buffer.from(s, "utf8");
  return fc.oneof(
    fc.nat({ max: text.length - 1 }).map((n) => ({ kind: "truncated", bytes: buf(text.slice(0, n)) })),
    fc.nat({ max: text.length - 1 }).map((n) => ({ kind: "bom-truncated", bytes: buf(`\uFEFF${text.slice(0, n)}`) })),
    fc.constant({ kind: "bom", bytes: buf(`\uFEFF${text}`) }),
    fc.constant({ kind: "crlf", bytes: buf(text.replace(/\n/g, "\r\n")) }),
    fc.constant({ kind: "bom-crlf", bytes: buf(`\uFEFF${text.replace(/\n/g, "\r\n")}`) }),
    fc
      .tuple(fc.nat({ max: text.length }), fc.integer({ min: 1, max: 4 }))
      .map(([n, k]) => ({ kind: "nul", bytes: buf(text.slice(0, n) + "\u0000".repeat(k) + text.slice(n)) })),
    fc.tuple(fc.nat({ max: text.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([n, b]) => {
      const bytes = buf(text);
      bytes[n] = b;
      return { kind: "byte-flip", bytes };
    }),
    fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => v === null || typeof v !== "object" || Array.isArray(v))
      .map((v) => ({ kind: "wrong-top-type", bytes: buf(JSON.stringify(v)) })),
    fc.string({ unit: "binary", maxLength: 60 }).map((s) => ({ kind: "garbage", bytes: buf(s) })),
    fc.uint8Array({ maxLength: 60 }).map((a) => ({ kind: "random-bytes", bytes: Buffer.from(a) })),
    fc
      .constantFrom(
        "",
        " ",
        "\n",
        "\uFEFF",
        "{}",
        "[]",
        "null",
        "{",
        "}",
        '{"a":}',
        '{"a":1,}',
        "// c\n{}",
        "{/*x*/}",
        '""',
        "NaN",
        '{"a": NaN}',
        '{"a":1}{"b":2}',
        "\uFEFF\uFEFF{}",
        "{'a':1}",
      )
      .map((s) => ({ kind: "edge", bytes: buf(s) })),
    // Arrays and scalars where objects belong, at the keys the tool reads.
    fc
      .tuple(
        fc.constantFrom(
          "appliedId",
          "entries",
          "deploymentMode",
          "coworkEgressAllowedHosts",
          "inferenceModels",
          "inferenceGatewayApiKey",
          "mcpServers",
        ),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) => ({ kind: "wrong-field-type", bytes: buf(JSON.stringify({ ...valid, [k]: v }, null, 2)) })),
    fc
      .jsonValue({ maxDepth: 2 })
      .map((v) => ({ kind: "wrong-row", bytes: buf(JSON.stringify({ ...valid, entries: [v, { id: ENTRY_ID, name: v }] })) })),
  );
}

type Target = "meta" | "entry" | "root1p" | "root3p" | "state";

describe("malformed config files", () => {
  const box = coreBox("cdo-malformed-");
  afterAll(() => box.cleanup());
  const paths: Record<Target, string> = {
    meta: box.meta,
    entry: join(box.libDir, `${ENTRY_ID}.json`),
    root1p: box.rootConfigs[0]!,
    root3p: box.rootConfigs[1]!,
    state: join(box.targets.stateDir, "state.json"),
  };
  const valid: Record<Target, object> = {
    meta: VALID_META,
    entry: VALID_ENTRY,
    root1p: VALID_ROOT,
    root3p: VALID_ROOT,
    state: { version: 1, libraries: {}, deploymentMode: {} },
  };
  const settings = { apiKey: TEST_KEY, baseUrl: "https://openrouter.ai/api", models: null, egressHosts: ["github.com"] };

  function reset(): void {
    rmSync(box.dir, { recursive: true, force: true });
    for (const t of ["meta", "root1p"] as Target[]) {
      mkdirSync(dirname(paths[t]), { recursive: true });
      writeFileSync(paths[t], JSON.stringify(valid[t]));
    }
  }

  /**
   * Plans (and, when the plan succeeds, commits) setup or revert; checks the invariants. Says
   * whether the run succeeded or failed with a typed error.
   */
  async function attempt(
    target: Target,
    command: "setup" | "revert",
    fs?: (real: FileSystem) => FileSystem,
    options: { laterProcess?: boolean } = {},
  ): Promise<"ok" | "typed"> {
    const ctx = fs || options.laterProcess ? coreContext(box.dir, fs) : box.ctx;
    if (options.laterProcess) {
      // The next run is another process; the one before it (this test process) has ended.
      const isAlive = ctx.proc.isAlive.bind(ctx.proc);
      ctx.pid = process.pid + 1_000_000;
      ctx.proc = { ...ctx.proc, isAlive: (pid) => pid !== process.pid && isAlive(pid) };
    }
    const unparsable = new Map<string, Buffer>();
    for (const path of Object.values(paths)) {
      let st: ReturnType<typeof lstatSync>;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      const raw = readFileSync(path);
      if ((await parseJsonObject(path, raw)) instanceof JsonParseFailure) unparsable.set(path, raw);
    }
    let outcome: "ok" | "typed" = "ok";
    try {
      await withLock(ctx, box.targets.stateDir, async () => {
        const changes =
          command === "setup"
            ? await planSetup(ctx, box.targets, { settings, name: "OpenRouter", repair: false })
            : await planRevert(ctx, box.targets);
        if (changes.length > 0) await commitChanges(ctx, box.targets.stateDir, command, changes);
      });
      figures.successes++;
    } catch (error) {
      expectTyped(error, `${command} with ${target}`);
      outcome = "typed";
    }
    for (const [path, raw] of unparsable) {
      // state.json is the tool's own record (backed up before it is replaced); app files never.
      if (path === paths.state) continue;
      expect(existsSync(path) && readFileSync(path).equals(raw), `${path} did not parse and was overwritten`).toBe(true);
    }
    figures.configCases++;
    return outcome;
  }

  /** Temporary files (ours are `.<name>.<pid>.<hex>.tmp`) anywhere under the box, and a lock left held. */
  function leftovers(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tmp$/.test(entry.name) || path === join(box.targets.stateDir, "lock")) found.push(path);
      }
    };
    walk(box.dir);
    return found;
  }

  for (const target of ["meta", "entry", "root1p", "root3p", "state"] as Target[]) {
    it(`${target}: generated contents (setup and revert)`, async () => {
      await fc.assert(
        fc.asyncProperty(mutations(valid[target]), fc.boolean(), async ({ bytes }, afterSetup) => {
          reset();
          if (afterSetup) await attempt(target, "setup");
          mkdirSync(dirname(paths[target]), { recursive: true });
          writeFileSync(paths[target], bytes);
          await attempt(target, "setup");
          await attempt(target, "revert");
        }),
        { numRuns: Math.round(200 * SCALE) },
      );
    }, 120_000);
  }

  it("symlinks, loops, directories and files where directories belong", async () => {
    const layouts: [string, () => void][] = [
      [
        "symlink to a valid file",
        () => {
          writeFileSync(join(box.dir, "real.json"), JSON.stringify(VALID_ROOT));
          rmSync(paths.root1p, { force: true });
          symlinkSync(join(box.dir, "real.json"), paths.root1p);
        },
      ],
      [
        "symlink to a broken file",
        () => {
          writeFileSync(join(box.dir, "real.json"), "{ broken");
          rmSync(paths.root1p, { force: true });
          symlinkSync(join(box.dir, "real.json"), paths.root1p);
        },
      ],
      [
        "dangling symlink",
        () => {
          rmSync(paths.root1p, { force: true });
          symlinkSync(join(box.dir, "nowhere.json"), paths.root1p);
        },
      ],
      [
        "symlink loop",
        () => {
          rmSync(paths.meta, { force: true });
          symlinkSync(paths.meta, paths.meta);
        },
      ],
      [
        "symlink to a directory",
        () => {
          rmSync(paths.meta, { force: true });
          symlinkSync(box.dir, paths.meta);
        },
      ],
      [
        "directory as meta",
        () => {
          rmSync(paths.meta, { force: true });
          mkdirSync(paths.meta);
        },
      ],
      [
        "directory as entry",
        () => {
          rmSync(paths.entry, { force: true });
          mkdirSync(paths.entry, { recursive: true });
        },
      ],
      [
        "directory as root config",
        () => {
          rmSync(paths.root1p, { force: true });
          mkdirSync(paths.root1p);
        },
      ],
      [
        "directory as state.json",
        () => {
          rmSync(paths.state, { force: true });
          mkdirSync(paths.state, { recursive: true });
        },
      ],
      [
        "file as configLibrary",
        () => {
          rmSync(box.libDir, { recursive: true, force: true });
          writeFileSync(box.libDir, "x");
        },
      ],
      [
        "file as the state dir",
        () => {
          rmSync(box.targets.stateDir, { recursive: true, force: true });
          mkdirSync(dirname(box.targets.stateDir), { recursive: true });
          writeFileSync(box.targets.stateDir, "x");
        },
      ],
      [
        "file as the 3p data dir",
        () => {
          rmSync(dirname(box.libDir), { recursive: true, force: true });
          writeFileSync(dirname(box.libDir), "x");
        },
      ],
      [
        "huge valid root config (12 MB)",
        () => writeFileSync(paths.root1p, JSON.stringify({ ...VALID_ROOT, blob: "x".repeat(12 * 1024 * 1024) })),
      ],
      [
        "huge truncated meta (12 MB)",
        () => writeFileSync(paths.meta, JSON.stringify({ ...VALID_META, blob: "x".repeat(12 * 1024 * 1024) }).slice(0, -3)),
      ],
      ["deeply nested meta", () => writeFileSync(paths.meta, "[".repeat(100_000) + "]".repeat(100_000))],
      ["deeply nested object", () => writeFileSync(paths.root1p, `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`)],
    ];
    for (const [name, lay] of layouts) {
      for (const command of ["setup", "revert"] as const) {
        reset();
        if (command === "revert") await attempt("meta", "setup");
        lay();
        await attempt("meta", command).catch((error) => {
          throw new Error(`${name} (${command}): ${error}`);
        });
      }
    }
  }, 120_000);

  it("unreadable and read-only files (EACCES/EROFS/EPERM/ENOSPC/EIO injected): no temporary file is left and the next run works", async () => {
    const codes = ["EACCES", "EPERM", "EROFS", "ENOSPC", "EIO", "EMFILE", "EBUSY"];
    const ops = ["readFile", "stat", "open", "rename", "unlink", "mkdir", "readdir", "link", "writeFile", "rm"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.constantFrom(...codes),
        fc.constantFrom<Target>("meta", "entry", "root1p", "root3p", "state"),
        fc.nat({ max: 3 }),
        fc.boolean(),
        async (op, code, target, skip, afterSetup) => {
          reset();
          if (afterSetup) await attempt(target, "setup");
          let seen = 0;
          const inject = (real: FileSystem): FileSystem => {
            const wrapped = { ...real } as Record<string, unknown>;
            wrapped[op] = async (...args: unknown[]) => {
              const touches = args.some(
                (a) => typeof a === "string" && (a.startsWith(paths[target]) || a.includes(`${dirname(paths[target])}/.`)),
              );
              if (touches && seen++ >= skip) throw Object.assign(new Error(`${code}: injected`), { code });
              return (real[op] as (...a: unknown[]) => Promise<unknown>)(...args);
            };
            return wrapped as unknown as FileSystem;
          };
          await attempt(target, afterSetup ? "revert" : "setup", inject);
          // Whatever happened, no temporary file is left (unless removing it was what failed: then
          // the next run removes it) and the next run works.
          if (op !== "rm" && op !== "unlink") expect(leftovers(), `${op} ${code} on ${target}`).toEqual([]);
          const next = await attempt(target, afterSetup ? "revert" : "setup", undefined, { laterProcess: true });
          expect(next, `the run after ${op} ${code} on ${target}`).toBe("ok");
          expect(leftovers(), `after the run that followed ${op} ${code} on ${target}`).toEqual([]);
        },
      ),
      { numRuns: Math.round(300 * SCALE) },
    );
  }, 120_000);
});

describe("malformed API bodies", () => {
  const bodies = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({ data: fc.anything({ maxDepth: 3 }) }),
    fc.record({ data: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }) }),
    fc.record({
      data: fc.array(
        fc.record(
          {
            id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            pricing: fc.anything({ maxDepth: 2 }),
            architecture: fc.anything({ maxDepth: 2 }),
            created: fc.anything(),
            context_length: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 5 },
      ),
    }),
    fc.record({
      data: fc.dictionary(
        fc.constantFrom("label", "limit", "limit_remaining", "usage", "is_free_tier", "is_management_key", "expires_at", "limit_reset"),
        fc.anything({ maxDepth: 1 }),
      ),
    }),
    fc.constantFrom(
      null,
      undefined,
      "",
      "<!DOCTYPE html><html></html>",
      [],
      {},
      { data: null },
      { data: [] },
      { data: {} },
      { error: { message: "x" } },
    ),
  );
  it("parseKeyInfo and parseModels return or throw a typed error", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        for (const parse of [parseKeyInfo, parseModels] as ((b: unknown) => unknown)[]) {
          try {
            parse(body);
            figures.successes++;
          } catch (error) {
            expectTyped(error, `parse ${JSON.stringify(body)?.slice(0, 80)}`);
          }
          figures.apiCases++;
        }
      }),
      { numRuns: Math.round(800 * SCALE) },
    );
    // Gigantic: 200 000 models, most malformed.
    const giant = {
      data: Array.from({ length: 200_000 }, (_, i) => (i % 3 === 0 ? { id: `anthropic/claude-x-${i}` } : i % 3 === 1 ? [i] : { id: i })),
    };
    expect(parseModels(giant).length).toBe(66_667);
    figures.apiCases++;
  });

  describe("over HTTP, through setup --dry-run", () => {
    const fake = useFakeOpenRouter();
    let sb: Sandbox;
    beforeAll(() => {
      sb = createSandbox("linux");
    });
    afterAll(() => sb.cleanup());
    const replies = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((body) => ({ text: JSON.stringify(body) })),
      fc.string({ maxLength: 40 }).map((text) => ({ text })),
      fc.constantFrom(
        { text: "" },
        { text: "<!DOCTYPE html><html><body>Cloudflare</body></html>", headers: { "content-type": "text/html" } },
        { text: "<html>oops</html>" },
        { text: '{"data":' },
        { text: "x".repeat(5 * 1024 * 1024) },
        { text: JSON.stringify({ data: Array.from({ length: 50_000 }, (_, i) => ({ id: `m/${i}` })) }) },
        { status: 200, text: "null" },
        { status: 204, text: "" },
      ),
    );
    it("every reply gives exit 0 or a typed JSON error with a hint", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom("GET /api/v1/key", "GET /api/v1/models"), replies, async (route, reply) => {
          fake.routes = {
            ...fake.routes,
            "GET /api/v1/key": { body: fixture("key.ok.capped.json") },
            "GET /api/v1/models": { body: fixture("models.openrouter.json") },
            [route]: reply,
          };
          const run = await runInProcess(["setup", "--dry-run", "--yes", "--json"], {
            ...sb.env,
            OPENROUTER_API_KEY: TEST_KEY,
            CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
          });
          const doc = run.json<{ ok: boolean; error?: { code: string; hint: string } }>();
          if (run.exitCode !== 0) {
            expect(doc.ok).toBe(false);
            expect(doc.error?.code).not.toBe("internal");
            expect(doc.error?.hint, JSON.stringify(doc.error)).toBeTruthy();
            figures.typedFailures++;
          } else figures.successes++;
          figures.httpCases++;
        }),
        { numRuns: Math.round(150 * SCALE) },
      );
    }, 120_000);
  });
});

describe("random flags", () => {
  const fake = useFakeOpenRouter();
  let sb: Sandbox;
  beforeAll(() => {
    sb = createSandbox("linux");
  });
  afterAll(() => {
    sb.cleanup();
    console.log(
      `malformed cases: ${JSON.stringify({ ...figures, total: figures.configCases + figures.apiCases + figures.httpCases + figures.flagCases })}`,
    );
  });
  const token = fc.oneof(
    fc.constantFrom(
      "setup",
      "show",
      "revert",
      "doctor",
      "models",
      "--json",
      "--yes",
      "-y",
      "--lang",
      "zh-CN",
      "fr",
      "--no-color",
      "--verbose",
      "--config-dir",
      "--base-url",
      "http://example.com",
      "https://x/api/v1",
      "https://openrouter.ai/api",
      "--api-key-file",
      "/nonexistent",
      "-",
      "--api-key",
      "sk-ant-abc",
      "--models",
      "anthropic/claude-sonnet-4.5",
      ",,,",
      "openai/gpt-4o",
      "--discover-models",
      "--egress",
      "all",
      "none",
      "dev",
      "a..b",
      "--name",
      "",
      " ",
      "--restart",
      "--no-restart",
      "--force-quit",
      "--dry-run",
      "--skip-key-check",
      "--repair",
      "--list",
      "--backup",
      "../../etc",
      "--help",
      "-h",
      "--version",
      "-V",
      "--",
      "-",
      "--unknown",
      "-z",
      "--models=",
      "--egress=*",
      "--lang=zh",
      "--name=x".padEnd(120, "y"),
    ),
    fc.string({ maxLength: 12 }),
    fc.string({ maxLength: 8 }).map((s) => `--${s}`),
  );
  it("cli.run() never throws and never reports an internal error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 7 }), fc.boolean(), async (argv, json) => {
        const args = json ? ["--json", ...argv] : argv;
        const env = {
          ...sb.env,
          CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
          CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS: "2000",
          ...(argv.length % 2 ? { OPENROUTER_API_KEY: TEST_KEY } : {}),
        };
        const run = await runInProcess(args, env);
        expectHandled(run, args);
        if (run.exitCode !== 0) figures.typedFailures++;
        else figures.successes++;
        figures.flagCases++;
      }),
      { numRuns: Math.round(700 * SCALE) },
    );
  }, 180_000);

  it("the check above fails on an internal error, even one raised before the command's Context exists", async () => {
    const args = ["--json", "show"];
    const run = await runInProcess(args, sb.env, {
      tweak: () => {
        throw new TypeError("injected defect");
      },
    });
    expect(run.exitCode).toBe(70);
    expect(run.json()).toMatchObject({ ok: false, error: { code: "internal", message: "Unexpected error: injected defect" } });
    expect(() => expectHandled(run, args)).toThrow();
    const human = await runInProcess(["show"], sb.env, {
      tweak: () => {
        throw new TypeError("injected defect");
      },
    });
    expect(human.stderr).toContain("✖ Unexpected error: injected defect");
    expect(() => expectHandled(human, ["show"])).toThrow();
  });
});

/**
 * What every run must look like, read from its real output: a known exit code (never 70, the
 * internal-error code), and a failure that says why: one JSON error document with a hint (or
 * doctor's report) with --json, a "✖" message on stderr (or doctor's report) without it.
 */
function expectHandled(run: InProcessRun, args: string[]): void {
  const what = `${JSON.stringify(args)} → exit ${run.exitCode}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  expect([0, 1, 2, 3, 4, 5, 6], what).toContain(run.exitCode);
  expect(run.stderr + run.stdout, what).not.toMatch(/Unexpected error|"internal"/);
  if (run.exitCode === 0) return;
  // A leading --json is always the flag; a later one may be another option's value.
  if (args[0] === "--json" || (args.includes("--json") && run.stdout.trimStart().startsWith("{"))) {
    const doc = JSON.parse(run.stdout) as { ok?: boolean; error?: { code?: string; hint?: string }; checks?: unknown[] };
    expect(doc.ok, what).toBe(false);
    if (doc.checks) expect(Array.isArray(doc.checks), what).toBe(true);
    else expect(doc.error?.hint, what).toBeTruthy();
  } else {
    const doctorReport = args.includes("doctor") && /^✖ [a-z]+\.[a-z-]+ /m.test(run.stdout);
    expect(run.stderr.includes("✖ ") || doctorReport, what).toBe(true);
  }
}
