// The built CLI keeps V8's compiled code in the user's cache folder and runs from it next time:
// written once, owner-only, not rewritten by the runs that use it (also across the V8 flag the
// HTTP layer sets), never in a folder others may write, and not at all when Node's own switch for
// compile caches says no.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createSandbox, type Sandbox, TEST_KEY } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const DIST = fileURLToPath(new URL("../../dist", import.meta.url));
const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const sb of sandboxes.splice(0)) sb.cleanup();
});
const sandbox = () => {
  const sb = createSandbox("linux");
  // The cache where a user has it: in the home's own cache folder (the sandboxes share one otherwise).
  sb.env.XDG_CACHE_HOME = join(sb.home, ".cache");
  sandboxes.push(sb);
  return sb;
};
const cacheRoot = (sb: Sandbox) => join(sb.home, ".cache", "claude-desktop-openrouter", "code-cache");

/** Each cache file with what would change if it were written again (a rename makes a new inode). */
function cacheFiles(sb: Sandbox): Map<string, string> {
  const files = new Map<string, string>();
  for (const build of readdirSync(cacheRoot(sb))) {
    for (const name of readdirSync(join(cacheRoot(sb), build))) {
      const stat = statSync(join(cacheRoot(sb), build, name));
      files.set(`${build}/${name}`, `${stat.ino}:${stat.mtimeMs}:${stat.mode & 0o777}`);
    }
  }
  return files;
}

describe("the code cache", () => {
  it("is written by the first run, owner-only, and used as it is by the next ones", async () => {
    const sb = sandbox();
    const first = await sb.run(["show", "--json"]);
    expect(first.exitCode, first.stderr).toBe(0);
    const written = cacheFiles(sb);
    expect(written.size).toBeGreaterThan(5);
    expect([...written.keys()].some((name) => name.endsWith("/cli.js.cache"))).toBe(true);
    for (const [name, state] of written) expect(state.endsWith(":384"), name).toBe(true); // 0o600
    const [build] = readdirSync(cacheRoot(sb));
    expect(statSync(join(cacheRoot(sb), build!)).mode & 0o777).toBe(0o700);

    const second = await sb.run(["show", "--json"]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(cacheFiles(sb)).toEqual(written);
  });

  it("survives the V8 flag the HTTP layer sets: a second setup rewrites nothing", async () => {
    const sb = sandbox();
    const env = { OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const first = await sb.run(["setup", "--dry-run", "--yes"], { env });
    expect(first.exitCode, first.stderr).toBe(0);
    const written = cacheFiles(sb);
    expect([...written.keys()].some((name) => name.includes(".wasm-tiering-budget-"))).toBe(true);
    const second = await sb.run(["setup", "--dry-run", "--yes"], { env });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(cacheFiles(sb)).toEqual(written);
  });

  it("is not read or written in a folder others may write to, and the run goes on without it", async () => {
    const sb = sandbox();
    mkdirSync(cacheRoot(sb), { recursive: true });
    chmodSync(cacheRoot(sb), 0o777);
    const run = await sb.run(["show", "--json"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readdirSync(cacheRoot(sb))).toEqual([]);
  });

  it("is off when NODE_DISABLE_COMPILE_CACHE is set", async () => {
    const sb = sandbox();
    const run = await sb.run(["show", "--json"], { env: { NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(() => readdirSync(cacheRoot(sb))).toThrow(/ENOENT/);
  });
});

describe("the built bundle", () => {
  it("is ASCII but for the Chinese catalogue: V8 holds any other source at two bytes per character", () => {
    const files = ["cli.js", ...readdirSync(join(DIST, "chunks")).map((name) => join("chunks", name))].filter((name) =>
      name.endsWith(".js"),
    );
    const notAscii = files.filter((name) => readFileSync(join(DIST, name)).some((byte) => byte > 0x7f));
    expect(notAscii).toHaveLength(1);
    expect(notAscii[0]).toMatch(/^chunks[\\/]zh-CN-/);
  });
});
