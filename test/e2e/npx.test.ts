// Item 8: npx for real. The project is packed (`npm pack`) and the tarball run through `npx` with
// an empty npm cache, --offline and an unreachable registry, as a first-time user would: the
// installed package alone must work (no dependency to fetch).
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../helpers/sandbox.js";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

let sb: Sandbox;
let tarball: string;
let npmEnv: Record<string, string>;
beforeAll(async () => {
  sb = createSandbox("linux");
  // dist/ is already built by `npm test`; --ignore-scripts keeps prepack from rebuilding it
  // under the feet of tests running in parallel.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", sb.dir], {
    cwd: ROOT,
    env: { ...process.env, npm_config_loglevel: "silent" },
  });
  tarball = join(sb.dir, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  npmEnv = {
    ...sb.env,
    npm_config_cache: join(sb.dir, "npm-cache"), // empty
    npm_config_registry: "http://127.0.0.1:9/", // nothing listens: any registry access fails
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
}, 60_000);
afterAll(() => sb.cleanup());

function npx(args: string[]) {
  return run("npx", ["--yes", "--offline", "--package", tarball, pkg.name, ...args], { cwd: sb.dir, env: npmEnv, timeout: 60_000 });
}

describe("npx with the packed tarball, offline, empty cache", () => {
  it("--version", async () => {
    const { stdout } = await npx(["--version"]);
    expect(stdout.trim()).toBe(pkg.version);
    // The installed package brought nothing with it.
    const npxDir = join(sb.dir, "npm-cache", "_npx");
    for (const install of readdirSync(npxDir)) {
      expect(readdirSync(join(npxDir, install, "node_modules")).filter((n) => !n.startsWith("."))).toEqual([pkg.name]);
    }
  }, 60_000);

  it("--help", async () => {
    const { stdout } = await npx(["--help"]);
    for (const word of ["setup", "show", "revert", "doctor", "export", "--json", "npx claude-desktop-openrouter"])
      expect(stdout).toContain(word);
  }, 60_000);

  it("show --json in a sandbox", async () => {
    const { stdout } = await npx(["show", "--json"]);
    const doc = JSON.parse(stdout) as { ok: boolean };
    expect(doc.ok).toBe(true);
  }, 60_000);

  it("doctor --offline --json in a sandbox", async () => {
    // No configuration yet: doctor runs, reports the missing library as an error, exits 1.
    const result = await npx(["doctor", "--offline", "--json"]).catch((error: { code: number; stdout: string }) => error);
    const doc = JSON.parse(result.stdout) as { ok: boolean; checks: { id: string; status: string }[] };
    expect(doc.checks.map((c) => c.id)).toContain("config.library");
    expect(doc.checks.find((c) => c.id === "config.library")?.status).toBe("error");
    expect(doc.checks.filter((c) => c.id.startsWith("openrouter.")).every((c) => c.status === "skip")).toBe(true);
  }, 60_000);
});
