// The team guardrail and the activity view against the fake OpenRouter's guardrail and activity
// endpoints: provision creates one guardrail (Anthropic only by default) and assigns every member
// key, a re-run changes nothing, a changed policy is a plan applied only on confirmation, a key
// under another guardrail is reported and left there, a cut run is finished without a second
// guardrail, and team usage --activity flags spend that went to a provider outside the policy.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { ProvisionResult } from "../../src/commands/team/provision.js";
import type { PolicyResult } from "../../src/commands/team/policy.js";
import type { UsageResult } from "../../src/commands/team/usage.js";
import type { Context } from "../../src/core/context.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { MANAGEMENT_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes } from "../helpers/sandbox.js";
import { keyName, readManifest } from "../helpers/team.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();
beforeEach(() => fake.reset());

const MEMBERS = ["alice", "bob", "=SUM(1+1)"];
const NOW = new Date("2026-12-07T10:00:00Z");
const atNow = { tweak: (ctx: Context) => Object.assign(ctx, { clock: { now: () => new Date(NOW) } }) };

function team(names = MEMBERS) {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const members = join(box.dir, "members.csv");
  writeFileSync(members, `name\n${names.map((n) => `"${n.replace(/"/g, '""')}"`).join("\n")}\n`);
  const env = { ...box.env, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY };
  const out = join(box.dir, "rollout");
  const base = ["team", "provision", "--members", members, "--out-dir", out, "--limit", "25", "--models", "anthropic/claude-sonnet-4.5"];
  return {
    env,
    out,
    provision: (extra: string[] = []) => runInProcess([...base, "--format", "json", ...extra, "--json"], env),
    policy: (extra: string[] = []) => runInProcess(["team", "policy", "--out-dir", out, ...extra, "--json"], env),
    usage: (extra: string[] = []) => runInProcess(["team", "usage", "--out-dir", out, ...extra], env, atNow),
  };
}

const calls = (method: string, path: RegExp) => fake.requests.filter((r) => r.method === method && path.test(r.path));
const hashOf = (name: string) => fake.management.live().find((k) => k.name === keyName(name))!.hash;

describe("team provision: the team guardrail", () => {
  it("creates one guardrail, Anthropic only, and assigns every member key; the manifest names it, never a key", async () => {
    const t = team();
    const run = await t.provision();
    expect(run.exitCode, run.stdout).toBe(0);
    const result = run.json<ProvisionResult>();
    expect(fake.management.guardrails).toHaveLength(1);
    const g = fake.management.guardrails[0]!;
    expect(g).toMatchObject({
      name: "Claude Desktop team",
      allowed_providers: ["anthropic"],
      enforce_zdr_anthropic: false,
      enforce_zdr_other: false,
      limit_usd: null,
    });
    for (const name of MEMBERS) expect(fake.management.assignments.get(hashOf(name))).toBe(g.id);
    // One bulk call by hash.
    const assign = calls("POST", /\/guardrails\/[^/]+\/assignments\/keys$/);
    expect(assign).toHaveLength(1);
    expect((JSON.parse(assign[0]!.body) as { key_hashes: string[] }).key_hashes.sort()).toEqual(MEMBERS.map(hashOf).sort());
    expect(result.guardrail).toMatchObject({ id: g.id, action: "create", done: true, foreign: [] });
    expect(result.guardrail?.assigned.sort()).toEqual([...MEMBERS].sort());
    const manifest = readManifest(t.out) as unknown as { guardrail: unknown };
    expect(manifest.guardrail).toEqual({
      id: g.id,
      name: "Claude Desktop team",
      policy: { providers: ["anthropic"], zdr: false, budget: null, budgetReset: null },
    });
  });

  it("--dry-run plans the guardrail and its assignments, and makes neither", async () => {
    const t = team();
    const dry = await t.provision(["--dry-run"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.json<ProvisionResult>().guardrail).toMatchObject({ id: null, action: "create", done: false });
    expect(dry.json<ProvisionResult>().guardrail?.assigned.sort()).toEqual([...MEMBERS].sort());
    expect(fake.management.guardrails).toEqual([]);
    expect(calls("POST", /guardrails/)).toEqual([]);
  });

  it("a re-run changes nothing; a guardrail of that name made elsewhere is reused, not doubled", async () => {
    const t = team();
    const made = fake.management.addGuardrail("Claude Desktop team", { allowed_providers: ["anthropic"] });
    expect((await t.provision()).exitCode).toBe(0);
    expect(fake.management.guardrails).toEqual([made]);
    fake.requests.length = 0;
    const again = await t.provision();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json<ProvisionResult>().guardrail).toMatchObject({ action: "keep", assigned: [], changes: [] });
    expect(calls("POST", /guardrails/)).toEqual([]);
    expect(calls("PATCH", /guardrails/)).toEqual([]);
    expect(fake.management.guardrails).toHaveLength(1);
  });

  it("a changed policy is a plan: refused without --yes (nothing changes), applied with it", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const before = structuredClone(fake.management.guardrails[0]!);
    const refused = await t.provision(["--zdr", "--providers", "anthropic,amazon-bedrock"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("Zero data retention: no → yes");
    expect(refused.stderr).toContain("Providers: anthropic → anthropic, amazon-bedrock");
    expect(fake.management.guardrails[0]).toEqual(before);
    expect(calls("PATCH", /guardrails/)).toEqual([]);

    const dry = await t.provision(["--zdr", "--dry-run"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.json<ProvisionResult>().guardrail).toMatchObject({ action: "update", done: false });
    expect(fake.management.guardrails[0]).toEqual(before);

    const applied = await runInProcess(
      [
        "team",
        "provision",
        "--out-dir",
        t.out,
        "--members",
        join(t.out, "..", "members.csv"),
        "--zdr",
        "--providers",
        "amazon-bedrock",
        "--yes",
        "--json",
      ],
      t.env,
    );
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(fake.management.guardrails[0]).toMatchObject({
      allowed_providers: ["anthropic", "amazon-bedrock"],
      enforce_zdr_anthropic: true,
      enforce_zdr_openai: true,
      enforce_zdr_google: true,
      enforce_zdr_other: true,
    });
    expect(applied.json<ProvisionResult>().guardrail?.changes.map((c) => c.field)).toEqual(["providers", "zdr"]);
    // Remembered: a plain re-run keeps that policy.
    const plain = await t.provision();
    expect(plain.json<ProvisionResult>().guardrail).toMatchObject({ action: "keep", policy: { zdr: true } });

    // team policy shows it, and sets a team budget.
    const shown = await t.policy();
    expect(shown.json<PolicyResult>().guardrail).toMatchObject({
      action: "keep",
      policy: { providers: ["anthropic", "amazon-bedrock"], zdr: true },
    });
    const budget = await t.policy(["--budget", "200", "--budget-reset", "monthly", "--providers", "anthropic", "--yes"]);
    expect(budget.exitCode, budget.stderr).toBe(0);
    expect(fake.management.guardrails[0]).toMatchObject({ limit_usd: 200, reset_interval: "monthly", allowed_providers: ["anthropic"] });
    expect((readManifest(t.out) as unknown as { guardrail: { policy: unknown } }).guardrail.policy).toEqual({
      providers: ["anthropic"],
      zdr: true,
      budget: 200,
      budgetReset: "monthly",
    });
  });

  it("a policy changed in the dashboard: provision plans to change it back, team policy adopts it", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    fake.management.guardrails[0]!.allowed_providers = ["anthropic", "google-vertex"];
    const plan = await t.provision();
    expect(plan.exitCode).toBe(2);
    expect(plan.stderr).toContain("Providers: anthropic, google-vertex → anthropic");
    expect(fake.management.guardrails[0]!.allowed_providers).toEqual(["anthropic", "google-vertex"]);
    const adopted = await t.policy();
    expect(adopted.exitCode, adopted.stderr).toBe(0);
    expect((readManifest(t.out) as unknown as { guardrail: { policy: { providers: string[] } } }).guardrail.policy.providers).toEqual([
      "anthropic",
      "google-vertex",
    ]);
    expect((await t.provision()).json<ProvisionResult>().guardrail).toMatchObject({ action: "keep" });
  });

  it("a member key under another guardrail is reported and not moved", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const other = fake.management.addGuardrail("Finance");
    fake.management.assignments.set(hashOf("bob"), other.id);
    const again = await t.provision();
    expect(again.exitCode, again.stderr).toBe(0);
    const result = again.json<ProvisionResult>();
    expect(result.guardrail?.foreign).toEqual([{ name: "bob", hash: hashOf("bob"), guardrailId: other.id, guardrailName: "Finance" }]);
    expect(result.warnings.map((w) => w.code)).toContain("team.foreign-guardrail");
    expect(fake.management.assignments.get(hashOf("bob"))).toBe(other.id);
    const shown = await t.policy();
    expect(shown.json<PolicyResult>().guardrail?.foreign.map((f) => f.name)).toEqual(["bob"]);
    const human = await runInProcess(["team", "policy", "--out-dir", t.out], t.env);
    expect(human.stderr).toContain("The key of bob is under another guardrail (Finance) and was not moved");
  });

  it("a run cut at the assignment, or after a create whose answer was lost, is finished without a second guardrail or key", async () => {
    const t = team();
    fake.routes["POST /api/v1/guardrails/{id}/assignments/keys"] = { hangUp: true };
    const cut = await t.provision();
    expect(cut.exitCode).not.toBe(0);
    expect(fake.management.guardrails).toHaveLength(1);
    expect(fake.management.assignments.size).toBe(0);
    fake.reset();

    // Now the create's answer is lost: the guardrail exists, the manifest does not know its id.
    const t2 = team();
    fake.routes["POST /api/v1/guardrails"] = (req) => {
      fake.management.guardrailList(req);
      return { hangUp: true };
    };
    const lost = await t2.provision();
    expect(lost.exitCode).not.toBe(0);
    expect((readManifest(t2.out) as unknown as { guardrail: { id: unknown } }).guardrail.id).toBeNull();
    expect(fake.management.guardrails).toHaveLength(1);
    delete fake.routes["POST /api/v1/guardrails"];
    fake.routes["POST /api/v1/guardrails"] = (req) => fake.management.guardrailList(req);
    const resumed = await t2.provision();
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(fake.management.guardrails).toHaveLength(1);
    expect(fake.management.live()).toHaveLength(MEMBERS.length);
    const id = fake.management.guardrails[0]!.id;
    for (const name of MEMBERS) expect(fake.management.assignments.get(hashOf(name))).toBe(id);
    expect((readManifest(t2.out) as unknown as { guardrail: { id: unknown } }).guardrail.id).toBe(id);
  });

  it("an account that may not manage guardrails is told so before any key is made; --no-guardrail goes on without", async () => {
    const t = team();
    fake.management.guardrailsAllowed = false;
    const run = await t.provision();
    expect(run.exitCode).toBe(3);
    expect(run.json<{ error: { code: string } }>().error.code).toBe("team.guardrail-forbidden");
    expect(fake.management.keys).toHaveLength(0);
    const human = await runInProcess(["team", "policy", "--out-dir", t.out], t.env);
    expect(human.exitCode).toBe(2); // no manifest yet: nothing was provisioned
    const members = join(t.out, "..", "members.csv");
    const provision = [
      "team",
      "provision",
      "--members",
      members,
      "--out-dir",
      t.out,
      "--limit",
      "25",
      "--format",
      "json",
      "--models",
      "anthropic/claude-sonnet-4.5",
    ];
    const words = await runInProcess(provision, t.env);
    expect(words.exitCode).toBe(3);
    expect(words.stderr).toContain(
      "OpenRouter does not let this account manage guardrails (403: Only organization admins can manage guardrails). In an organisation only its admins can.",
    );
    expect(words.stderr).toContain("--no-guardrail");
    const zh = await runInProcess(provision, { ...t.env, LANG: "zh_CN.UTF-8" });
    expect(zh.exitCode).toBe(3);
    expect(zh.stderr).toContain("在组织中只有管理员可以");
    const without = await t.provision(["--no-guardrail"]);
    expect(without.exitCode, without.stderr).toBe(0);
    expect(without.json<ProvisionResult>().guardrail).toBeNull();
    expect(fake.management.live()).toHaveLength(MEMBERS.length);
  });

  it("a runtime key where a management key is needed is named as such", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const runtime = { ...t.env, OPENROUTER_MANAGEMENT_KEY: fake.management.add("runtime").key };
    const run = await runInProcess(["team", "usage", "--out-dir", t.out, "--activity", "--json"], runtime);
    expect(run.exitCode).toBe(3);
    expect(run.json<{ error: { code: string } }>().error.code).toBe("team.runtime-key");
    const zh = await runInProcess(["team", "policy", "--out-dir", t.out], { ...runtime, LANG: "zh_CN.UTF-8" });
    expect(zh.exitCode).toBe(3);
    expect(zh.stderr).toContain("管理密钥");
  });
});

describe("team usage --activity", () => {
  async function withActivity() {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    fake.management.addActivity(hashOf("alice"), [
      { date: "2026-12-01", provider_name: "Anthropic", usage: 1.5, requests: 10 },
      { date: "2026-12-02", provider_name: "Anthropic", usage: 0.5, requests: 4, model: "anthropic/claude-opus-4.1" },
      // Older than the period asked for below.
      { date: "2026-11-01", provider_name: "Anthropic", usage: 9, requests: 9 },
    ]);
    fake.management.addActivity(hashOf("bob"), [{ date: "2026-12-02", provider_name: "Amazon Bedrock", usage: 0.25, requests: 2 }]);
    fake.management.addActivity(hashOf(MEMBERS[2]!), [{ date: "2026-12-03", provider_name: "Anthropic", usage: 0.1, requests: 1 }]);
    return t;
  }

  it("per member, model, provider and day, with totals and the non-Anthropic spend flagged", async () => {
    const t = await withActivity();
    const run = await t.usage(["--days", "7", "--json"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const a = run.json<UsageResult>().activity!;
    expect(a.period).toEqual({ from: "2026-11-30", to: "2026-12-06" });
    expect(a.byMember.map((g) => [g.key, g.usage, g.outsidePolicyUsage])).toEqual([
      ["alice", 2, 0],
      ["bob", 0.25, 0.25],
      [MEMBERS[2], 0.1, 0],
    ]);
    expect(a.byProvider.map((g) => [g.key, g.requests, g.outsidePolicyRequests])).toEqual([
      ["Anthropic", 15, 0],
      ["Amazon Bedrock", 2, 2],
    ]);
    expect(a.byModel.map((g) => g.key)).toEqual(["anthropic/claude-sonnet-4.5", "anthropic/claude-opus-4.1"]);
    expect(a.byDay.map((g) => [g.key, g.usage])).toEqual([
      ["2026-12-01", 1.5],
      ["2026-12-02", 0.75],
      ["2026-12-03", 0.1],
    ]);
    expect(a.totals).toMatchObject({ requests: 17, usage: 2.35, outsidePolicyUsage: 0.25, outsidePolicyRequests: 2 });
    expect(a.lines.filter((l) => l.outsidePolicy).map((l) => [l.member, l.provider])).toEqual([["bob", "Amazon Bedrock"]]);
    expect(run.json<UsageResult>().warnings.map((w) => w.code)).toContain("team.outside-policy");
    // Each member's rows asked for by its key's hash, with the management key.
    const asked = calls("GET", /^\/api\/v1\/activity$/).map((r) => r.query.get("api_key_hash"));
    expect(asked.sort()).toEqual(MEMBERS.map(hashOf).sort());

    const table = await t.usage(["--since", "2026-12-01", "--until", "2026-12-03"]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain("Activity 2026-12-01 – 2026-12-03");
    expect(table.stdout).toMatch(/bob ⚠/);
    expect(table.stdout).toMatch(/Amazon Bedrock ⚠/);
    expect(table.stdout).toContain("$0.25 (2 requests) went to providers outside the policy (anthropic)");
  });

  it("CSV for a spreadsheet: one row per day, member, model and provider; a name that looks like a formula stays text", async () => {
    const t = await withActivity();
    const run = await t.usage(["--csv", "--days", "7"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const rows = run.stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "date,member,model,provider,requests,prompt_tokens,completion_tokens,reasoning_tokens,usage_usd,byok_usage_usd,outside_policy",
    );
    expect(rows).toContain("2026-12-02,bob,anthropic/claude-sonnet-4.5,Amazon Bedrock,2,1000,200,0,0.25,0,true");
    expect(rows).toContain(`2026-12-03,"'=SUM(1+1)",anthropic/claude-sonnet-4.5,Anthropic,1,1000,200,0,0.1,0,false`);
    expect(rows).toHaveLength(5);
    const same = await t.usage(["--format", "csv", "--days", "7"]);
    expect(same.stdout).toBe(run.stdout);
  });

  it("a period OpenRouter cannot answer is a usage error in words", async () => {
    const t = team();
    for (const args of [
      ["--days", "31"],
      ["--since", "2026-13-01"],
      ["--days", "3", "--since", "2026-12-01"],
      ["--since", "2026-12-05", "--until", "2026-12-01"],
      ["--csv", "--format", "json"],
    ]) {
      const run = await t.usage(args);
      expect(run.exitCode, args.join(" ")).toBe(2);
    }
  });
});
