// team provision writes member keys only into the user's own directory and files: another user's
// out-dir (or member file), or a symbolic link to one, is refused before anything is read, written
// or chmodded; a member file changed since it was written is reported, never "up to date".
// The foreign owner is made with chown: CI runs the suite as root.
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { ProvisionResult } from "../../src/commands/team/provision.js";
import { checkOutDir, ownershipProblem } from "../../src/team/ownership.js";
import { syncFileSystem } from "../../src/core/node-fs.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { MANAGEMENT_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes } from "../helpers/sandbox.js";
import { readManifest } from "../helpers/team.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();
beforeEach(() => fake.reset());

/** Another user: any uid that is not ours. */
const OTHER_UID = 4242;

function team(names: string[] = ["alice", "bob"]) {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const members = join(box.dir, "members.csv");
  writeFileSync(members, `name,limit\n${names.map((n) => `${n},10`).join("\n")}\n`);
  const env = { ...box.env, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY };
  const out = join(box.dir, "rollout");
  const provision = (dir = out, extra: string[] = []) =>
    runInProcess(
      [
        "team",
        "provision",
        "--members",
        members,
        "--out-dir",
        dir,
        "--format",
        "json",
        "--models",
        "anthropic/claude-sonnet-4.5",
        ...extra,
        "--json",
      ],
      env,
    );
  return { box, out, provision };
}

const creates = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/keys");
const errorCode = (run: Awaited<ReturnType<typeof runInProcess>>) => run.json<{ error: { code: string; message: string } }>().error;

describe("team provision --out-dir: only the user's own", () => {
  it("refuses another user's directory: no request, no file, its permissions and owner unchanged", async () => {
    const t = team();
    mkdirSync(t.out, { mode: 0o755 });
    chmodSync(t.out, 0o755);
    chownSync(t.out, OTHER_UID, OTHER_UID);
    for (const dryRun of [["--dry-run"], []]) {
      const run = await t.provision(t.out, dryRun);
      expect(run.exitCode, run.stderr).toBe(1);
      expect(errorCode(run)).toMatchObject({ code: "team.out-dir-unsafe" });
      expect(errorCode(run).message).toContain(`uid ${OTHER_UID}`);
    }
    expect(creates()).toHaveLength(0);
    expect(readdirSync(t.out)).toEqual([]);
    expect(statSync(t.out).mode & 0o777).toBe(0o755);
    expect(statSync(t.out).uid).toBe(OTHER_UID);
  });

  it("team usage, revoke and set-limit refuse another user's out-dir too", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    chownSync(t.out, OTHER_UID, OTHER_UID);
    const env = { ...t.box.env, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY };
    for (const args of [
      ["team", "usage"],
      ["team", "revoke", "alice"],
      ["team", "set-limit", "alice", "--limit", "5"],
    ]) {
      const run = await runInProcess([...args, "--out-dir", t.out, "--yes", "--json"], env);
      expect(errorCode(run).code, args.join(" ")).toBe("team.out-dir-unsafe");
    }
    expect(fake.management.live()).toHaveLength(2);
  });

  it("refuses a symbolic link to a directory, even the user's own, without following it", async () => {
    const t = team();
    const real = join(t.box.dir, "real");
    mkdirSync(real, { mode: 0o755 });
    chmodSync(real, 0o755);
    symlinkSync(real, t.out);
    const run = await t.provision();
    expect(run.exitCode).toBe(1);
    expect(errorCode(run).code).toBe("team.out-dir-unsafe");
    expect(errorCode(run).message).toContain("symbolic link");
    expect(readdirSync(real)).toEqual([]);
    expect(statSync(real).mode & 0o777).toBe(0o755);
    expect(creates()).toHaveLength(0);
  });

  it("refuses when a member file (or the manifest) is another user's, and leaves it as it is", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const file = join(t.out, "alice.json");
    const bytes = readFileSync(file);
    chownSync(file, OTHER_UID, OTHER_UID);
    fake.requests.length = 0;
    const run = await t.provision();
    expect(run.exitCode).toBe(1);
    expect(errorCode(run)).toMatchObject({ code: "team.out-dir-unsafe" });
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).uid).toBe(OTHER_UID);
    expect(fake.requests).toHaveLength(0);

    chownSync(file, process.getuid!(), process.getgid!());
    chownSync(join(t.out, "manifest.json"), OTHER_UID, OTHER_UID);
    expect(errorCode(await t.provision()).code).toBe("team.out-dir-unsafe");
  });

  it("refuses a file another user planted where a new member's file goes", async () => {
    const t = team(["alice"]);
    expect((await t.provision()).exitCode).toBe(0);
    const t2 = team(["alice", "carol"]);
    const planted = join(t.out, "carol.json");
    writeFileSync(planted, "{}");
    chownSync(planted, OTHER_UID, OTHER_UID);
    const run = await t2.provision(t.out);
    expect(errorCode(run).code).toBe("team.out-dir-unsafe");
    expect(readFileSync(planted, "utf8")).toBe("{}");
  });

  it("the owner check takes the uid it expects (a run as root for a user passes that user's)", async () => {
    const t = team();
    mkdirSync(t.out);
    const ctx = { fs: syncFileSystem, uid: process.getuid!(), home: dirname(t.out) };
    await expect(checkOutDir(ctx, t.out, [])).resolves.toBeUndefined();
    await expect(checkOutDir(ctx, t.out, [], process.getuid!() + 1)).rejects.toMatchObject({ code: "team.out-dir-unsafe" });
    await expect(checkOutDir({ ...ctx, uid: null }, t.out, [])).resolves.toBeUndefined();
    expect(ownershipProblem(lstatSync(t.out), "file", null)).toBe("not-file");
  });

  it("root working in a user's home expects that user's out-dir, and refuses a third user's", async () => {
    const t = team();
    const home = dirname(t.out);
    mkdirSync(t.out);
    chownSync(home, OTHER_UID, OTHER_UID);
    chownSync(t.out, OTHER_UID, OTHER_UID);
    const asRoot = { fs: syncFileSystem, uid: 0, home };
    await expect(checkOutDir(asRoot, t.out, [])).resolves.toBeUndefined();
    chownSync(t.out, OTHER_UID + 1, OTHER_UID + 1);
    await expect(checkOutDir(asRoot, t.out, [])).rejects.toMatchObject({ code: "team.out-dir-unsafe" });
    // Outside any home root's own folder is the one it may use.
    await expect(checkOutDir({ ...asRoot, home: join(home, "elsewhere") }, t.out, [])).rejects.toMatchObject({
      code: "team.out-dir-unsafe",
    });
  });
});

describe("member files are checked against the manifest's digest", () => {
  it("a changed file is blocked (file-changed) and left as it is; --rotate writes a new one", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const digests = Object.values(readManifest(t.out).members).map((m) => m.digest);
    expect(digests.every((d) => typeof d === "string" && /^[0-9a-f]{64}$/.test(d as string))).toBe(true);

    const file = join(t.out, "alice.json");
    const entry = JSON.parse(readFileSync(file, "utf8"));
    const tampered = `${JSON.stringify({ ...entry, inferenceGatewayBaseUrl: "https://evil.example/api" }, null, 2)}\n`;
    writeFileSync(file, tampered);
    const run = await t.provision();
    expect(run.exitCode).toBe(1);
    const result = run.json<ProvisionResult>();
    expect(result.members.find((m) => m.name === "alice")).toMatchObject({ action: "blocked", reason: "file-changed" });
    expect(result.members.find((m) => m.name === "bob")).toMatchObject({ action: "skip" });
    expect(result.counts.skipped).toBe(1);
    expect(result.warnings.some((w) => w.message.includes("--rotate alice"))).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(tampered);

    const rotated = await t.provision(t.out, ["--rotate", "alice", "--yes"]);
    expect(rotated.exitCode, rotated.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).inferenceGatewayBaseUrl).not.toContain("evil");
    const again = await t.provision();
    expect(again.json<ProvisionResult>().counts).toMatchObject({ skipped: 2, blocked: 0 });
  });

  it("a manifest without digests (an earlier version) gets them on the next run", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const manifest = readManifest(t.out);
    for (const member of Object.values(manifest.members)) delete member.digest;
    writeFileSync(join(t.out, "manifest.json"), JSON.stringify(manifest));
    const run = await t.provision();
    expect(run.json<ProvisionResult>().counts).toMatchObject({ skipped: 2 });
    expect(Object.values(readManifest(t.out).members).every((m) => typeof m.digest === "string")).toBe(true);
    expect(existsSync(join(t.out, "alice.json"))).toBe(true);
  });
});

describe("a very long value in the members file", () => {
  it.each([
    ["letters", "a".repeat(6_000_000)],
    ["a random-looking run", "aB3".repeat(2_000_000)],
  ])("a 6 MB name of %s is a clear error, not a crash of the output filter", async (_kind, name) => {
    const t = team();
    writeFileSync(join(t.box.dir, "members.csv"), `name,limit\n${name},10\n`);
    const run = await t.provision();
    expect(run.exitCode, run.stderr.slice(0, 500)).toBe(2);
    expect(run.stderr + run.stdout).not.toMatch(/RangeError|Maximum call stack/);
    expect(errorCode(run).code).toBe("usage");
    expect(creates()).toHaveLength(0);
  });
});
