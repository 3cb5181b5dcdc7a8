// team provision cut part-way — by a network failure, by SIGKILL or Ctrl-C (the built CLI as a
// subprocess), by a file that cannot be written — and then finished by a second run: exactly
// one live key per member, every file holding its member's live key, no key left live and unknown.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { FileSystem } from "../../src/core/context.js";
import type { ProvisionResult } from "../../src/commands/team/provision.js";
import { useFakeOpenRouter, type RecordedRequest, type RouteReply } from "../helpers/fake-openrouter.js";
import { MANAGEMENT_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { parseReg } from "../helpers/reg.js";
import { BIN, useSandboxes, type Sandbox } from "../helpers/sandbox.js";
import { assertNoSecret } from "../helpers/secrets.js";
import { keyName, readManifest as manifestOf, TEN } from "../helpers/team.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();
beforeEach(() => fake.reset());

interface Setup {
  box: Sandbox;
  out: string;
  args: string[];
  env: Record<string, string>;
}

function setup(names = TEN): Setup {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const members = join(box.dir, "members.csv");
  writeFileSync(members, `name\n${names.map((n) => (n.includes(",") ? `"${n}"` : n)).join("\n")}\n`);
  const out = join(box.dir, "rollout");
  const args = [
    "team",
    "provision",
    "--members",
    members,
    "--out-dir",
    out,
    "--limit",
    "20",
    "--format",
    "reg",
    "--models",
    "anthropic/claude-sonnet-4.5",
  ];
  return { box, out, args, env: { OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY } };
}

type Route = (typeof fake.routes)[string];

/** Replaces a route until the returned function puts the original back (the fake's keys stay). */
function override(route: string, reply: Route): () => void {
  const original = fake.routes[route]!;
  fake.routes[route] = reply;
  return () => {
    fake.routes[route] = original;
  };
}

/** The create route answering normally, except that `replace` may change the answer of the n-th create. */
function onCreate(replace: (n: number, reply: RouteReply) => RouteReply): () => void {
  const create = fake.routes["POST /api/v1/keys"] as (req: RecordedRequest) => RouteReply;
  let n = 0;
  return override("POST /api/v1/keys", (req) => replace(++n, create(req)));
}

/** After the finishing run: one live key per member, in its file and in the manifest; the rest disabled. */
function finishedCleanly(out: string, names = TEN): void {
  const live = fake.management.live();
  expect(live).toHaveLength(names.length);
  const manifest = manifestOf(out);
  for (const name of names) {
    const own = live.filter((k) => k.name === keyName(name));
    expect(own, name).toHaveLength(1);
    expect(parseReg(readFileSync(join(out, `${name}.reg`))).values.inferenceGatewayApiKey, name).toBe(own[0]!.key);
    expect(manifest.members[name], name).toMatchObject({ status: "active", hash: own[0]!.hash, pending: null });
  }
  expect(existsSync(join(out, "lock"))).toBe(false);
}

describe("an interrupted provision is finished by the next run", () => {
  it("a network failure after member 4 (the 5th create's answer lost)", async () => {
    const s = setup();
    const restore = onCreate((n, reply) => (n === 5 ? { hangUp: true } : reply));
    const cut = await s.box.run(s.args, { env: s.env });
    expect(cut.exitCode).toBe(1);
    expect(cut.stderr).toContain("Provisioning stopped at erin");
    expect(cut.stderr).toContain("Run the same command again");
    // The manifest is true for what was done: four members, and a create whose answer is unknown.
    const manifest = manifestOf(s.out);
    for (const name of TEN.slice(0, 4)) expect(manifest.members[name]?.status).toBe("active");
    expect(manifest.members.erin).toMatchObject({ status: "creating", hash: null, pending: { hash: null } });
    expect(Object.keys(manifest.members)).toHaveLength(5);
    const orphan = fake.management.live().find((k) => k.name === keyName("erin"))!;
    expect(orphan).toBeDefined();

    restore();
    const again = await s.box.run([...s.args, "--json"], { env: s.env });
    expect(again.exitCode, again.stderr).toBe(0);
    const result = again.json<ProvisionResult>();
    expect(result.counts).toMatchObject({ created: 6, skipped: 4 });
    expect(result.recovered).toEqual([{ name: "erin", hash: orphan.hash, action: "disabled" }]);
    expect(fake.management.find(orphan.hash)?.disabled).toBe(true);
    expect(manifestOf(s.out).members.erin?.retired).toEqual([orphan.hash]);
    finishedCleanly(s.out);
  });

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`${signal} after member 6, while the 7th create is under way`, async () => {
      const s = setup();
      const child = spawn(process.execPath, [BIN, ...s.args], { env: { ...s.box.env, ...s.env }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
      child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, sig) => resolve(sig)));
      // The 7th key is made on OpenRouter's side; the process dies before the answer reaches it.
      const restore = onCreate((n, reply) => {
        if (n !== 7) return reply;
        child.kill(signal);
        return { hangUp: true, after: ended };
      });
      expect(await ended).toBe(signal);
      assertNoSecret(output, "the interrupted run's output");
      const manifest = manifestOf(s.out);
      expect(TEN.slice(0, 6).every((name) => manifest.members[name]?.status === "active")).toBe(true);
      expect(manifest.members.grace).toMatchObject({ status: "creating", pending: { hash: null } });
      expect(fake.management.live()).toHaveLength(7);

      restore();
      const again = await s.box.run([...s.args, "--json"], { env: s.env });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.json<ProvisionResult>().counts).toMatchObject({ created: 4, skipped: 6 });
      expect(fake.management.keys.filter((k) => k.disabled).map((k) => k.name)).toEqual([keyName("grace")]);
      finishedCleanly(s.out);
    });
  }

  it("a created key whose file cannot be written is disabled at once; the next run replaces it", async () => {
    const s = setup(["alice", "bob", "carol", "dave"]);
    const full = (real: FileSystem): FileSystem => ({
      ...real,
      open: (async (path: Parameters<FileSystem["open"]>[0], ...rest: unknown[]) => {
        if (String(path).includes("carol.reg.staged"))
          throw Object.assign(new Error("no space left"), { code: "ENOSPC", syscall: "open", path });
        return (real.open as (...args: unknown[]) => ReturnType<FileSystem["open"]>)(path, ...rest);
      }) as FileSystem["open"],
    });
    const cut = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env }, { fs: full });
    expect(cut.exitCode).toBe(1);
    expect(cut.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "team.interrupted" });
    expect(cut.json<{ error: { message: string } }>().error.message).toContain("the disk is full");
    const carol = fake.management.keys.find((k) => k.name === keyName("carol"))!;
    expect(carol.disabled).toBe(true);
    expect(manifestOf(s.out).members.carol).toMatchObject({ status: "creating", pending: null, retired: [carol.hash] });

    const again = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json<ProvisionResult>().counts).toMatchObject({ created: 2, skipped: 2 });
    finishedCleanly(s.out, ["alice", "bob", "carol", "dave"]);
  });

  it("…and if disabling it fails too, the manifest keeps its hash and the next run disables it", async () => {
    const s = setup(["alice", "bob"]);
    const failing = (real: FileSystem): FileSystem => ({
      ...real,
      open: (async (path: Parameters<FileSystem["open"]>[0], ...rest: unknown[]) => {
        if (String(path).includes("bob.reg.staged")) throw Object.assign(new Error("denied"), { code: "EACCES", syscall: "open", path });
        return (real.open as (...args: unknown[]) => ReturnType<FileSystem["open"]>)(path, ...rest);
      }) as FileSystem["open"],
    });
    const restore = override("PATCH /api/v1/keys/{hash}", { status: 503, body: { error: { code: 503, message: "Service Unavailable" } } });
    const cut = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env }, { fs: failing });
    expect(cut.exitCode).toBe(1);
    const bob = fake.management.keys.find((k) => k.name === keyName("bob"))!;
    expect(bob.disabled).toBe(false);
    expect(manifestOf(s.out).members.bob).toMatchObject({ pending: { hash: bob.hash } });

    restore();
    const again = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json<ProvisionResult>().recovered).toEqual([{ name: "bob", hash: bob.hash, action: "disabled" }]);
    expect(bob.disabled).toBe(true);
  });

  it("a run cut between the staged file and the manifest is completed, not made again", async () => {
    const s = setup(["alice", "bob", "carol"]);
    let failed = false;
    // The manifest write that would record bob's new key fails once (as if the run died there).
    const cutAtCommit = (real: FileSystem): FileSystem => ({
      ...real,
      rename: async (from, to) => {
        if (!failed && String(to).endsWith("manifest.json") && existsSync(join(s.out, ".bob.reg.staged"))) {
          failed = true;
          throw Object.assign(new Error("I/O error"), { code: "EIO", syscall: "rename", path: String(to) });
        }
        return real.rename(from, to);
      },
    });
    const cut = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env }, { fs: cutAtCommit });
    expect(cut.exitCode).toBe(1);
    const bob = fake.management.live().find((k) => k.name === keyName("bob"))!;
    fake.requests.length = 0;
    const again = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env });
    expect(again.exitCode, again.stderr).toBe(0);
    const result = again.json<ProvisionResult>();
    expect(result.recovered).toEqual([{ name: "bob", hash: bob.hash, action: "completed" }]);
    expect(result.counts).toMatchObject({ created: 1, skipped: 2 });
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/keys")).toHaveLength(1);
    expect(existsSync(join(s.out, ".bob.reg.staged"))).toBe(false);
    finishedCleanly(s.out, ["alice", "bob", "carol"]);
  });

  it("a run cut after the manifest named the new key but before its file was in place", async () => {
    const s = setup(["alice", "bob"]);
    const cutAtRename = (real: FileSystem): FileSystem => ({
      ...real,
      rename: async (from, to) => {
        if (String(from).endsWith(".alice.reg.staged"))
          throw Object.assign(new Error("I/O error"), { code: "EIO", syscall: "rename", path: String(from) });
        return real.rename(from, to);
      },
    });
    expect((await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env }, { fs: cutAtRename })).exitCode).toBe(1);
    expect(manifestOf(s.out).members.alice).toMatchObject({ status: "active", pending: { committed: true } });
    fake.requests.length = 0;
    const again = await runInProcess([...s.args, "--json"], { ...s.box.env, ...s.env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json<ProvisionResult>().recovered.map((r) => r.action)).toEqual(["completed"]);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/keys")).toHaveLength(1);
    finishedCleanly(s.out, ["alice", "bob"]);
  });
});
