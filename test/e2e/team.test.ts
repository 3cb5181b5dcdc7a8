// team provision / usage / revoke / set-limit against the fake OpenRouter's key management API:
// the files are the export's own (parsed and linted like an export, byte-equal to one), the
// manifest holds no key, runs are idempotent, and the management key goes nowhere else.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { lintExport } from "../../src/export/lint.js";
import { displayWidth } from "../../src/render/style.js";
import type { ProvisionResult } from "../../src/commands/team/provision.js";
import type { UsageResult } from "../../src/commands/team/usage.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture, MANAGEMENT_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { parseReg } from "../helpers/reg.js";
import { TEST_KEY, expectKeyIn, useSandboxes, type Sandbox } from "../helpers/sandbox.js";
import { mintedKeys } from "../helpers/secrets.js";
import { keyName, readManifest, TEN } from "../helpers/team.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();
beforeEach(() => fake.reset());

const MODELS = ["--models", "anthropic/claude-sonnet-4.5,anthropic/claude-opus-4.1", "--egress", "dev"];

function csv(names: string[], extra: Record<string, string> = {}): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = names.map((n) => `${quote(n)},${extra[n] ?? ","}`);
  return `\uFEFFname,limit,limit_reset\r\n${rows.join("\r\n")}\r\n`;
}

interface Team {
  box: Sandbox;
  env: Record<string, string>;
  out: string;
  members: string;
  provision(extra?: string[]): ReturnType<typeof runInProcess>;
  provisionHuman(extra: string[]): ReturnType<typeof runInProcess>;
}

function team(names = TEN, extra: Record<string, string> = { bob: "50,weekly" }): Team {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const members = join(box.dir, "members.csv");
  writeFileSync(members, csv(names, extra));
  const env = { ...box.env, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY };
  const out = join(box.dir, "rollout");
  const base = ["team", "provision", "--members", members, "--out-dir", out, "--limit", "25", "--limit-reset", "monthly", ...MODELS];
  return {
    box,
    env,
    out,
    members,
    provision: (extra = ["--format", "reg"]) => runInProcess([...base, ...extra, "--json"], env),
    /** The same, for people (no --json). */
    provisionHuman: (extra: string[]) => runInProcess([...base, ...extra], env),
  };
}

/** The live key the fake holds for a member. */
function liveKeyOf(name: string) {
  const live = fake.management.live().filter((k) => k.name === keyName(name));
  expect(live, name).toHaveLength(1);
  return live[0]!;
}

/** Decodes a .reg file's values as the app reads managed strings (JSON text for arrays and objects). */
function regEntry(path: string): Record<string, unknown> {
  const { values } = parseReg(readFileSync(path));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v]));
}

/** Every request that carried the management key went to /key, /keys…, /credits, /guardrails… or /activity. */
function managementKeyStayedHome(): void {
  const carried = fake.requests.filter((r) => String(r.headers.authorization ?? "") === `Bearer ${MANAGEMENT_KEY}`);
  expect(carried.length).toBeGreaterThan(0);
  for (const r of carried)
    expect(r.path).toMatch(/^\/api\/v1\/(key|keys(\/[0-9a-f]+)?|credits|guardrails(\/[0-9a-f-]+)?(\/assignments\/keys)?|activity)$/);
  for (const r of fake.requests) expect(JSON.stringify(r.query.toString()) + r.body).not.toContain(MANAGEMENT_KEY);
}

const creates = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/keys");

describe("team provision", () => {
  it("10 members: one capped key and one owner-only export file each, a manifest without keys", async () => {
    const t = team();
    const run = await t.provision();
    expect(run.exitCode, run.stderr).toBe(0);
    const result = run.json<ProvisionResult & { ok: boolean }>();
    expect(result.counts).toMatchObject({ created: 10, skipped: 0, blocked: 0, failed: 0 });

    expect(fake.management.live()).toHaveLength(10);
    expect(statSync(t.out).mode & 0o777).toBe(0o700);
    for (const name of TEN) {
      const stored = liveKeyOf(name);
      expect(stored.limit).toBe(name === "bob" ? 50 : 25);
      expect(stored.limitReset).toBe(name === "bob" ? "weekly" : "monthly");
      const file = join(t.out, `${name}.reg`);
      expect(statSync(file).mode & 0o777, name).toBe(0o600);
      const entry = regEntry(file);
      expect(entry.inferenceGatewayApiKey).toBe(stored.key);
      expect(lintExport(entry, { placeholder: false }), name).toEqual([]);
      // The entry export writes: the pinned models with OpenRouter's labels, and their prices.
      expect(entry.inferenceModels).toEqual([
        expect.objectContaining({ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true }),
        expect.objectContaining({ name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus" }),
      ]);
      expect(entry.inferenceModelPricingEnabled).toBe("true");
    }
    expect(readdirSync(t.out).sort()).toEqual([...TEN.map((n) => `${n}.reg`), "manifest.json"].sort());

    const manifestText = readFileSync(join(t.out, "manifest.json"), "utf8");
    expect(statSync(join(t.out, "manifest.json")).mode & 0o777).toBe(0o600);
    for (const key of mintedKeys.keys()) expect(manifestText).not.toContain(key.slice(9, 41));
    const manifest = readManifest(t.out);
    expect(Object.keys(manifest.members).sort()).toEqual([...TEN].sort());
    for (const name of TEN) {
      const stored = liveKeyOf(name);
      expect(manifest.members[name]).toMatchObject({
        status: "active",
        hash: stored.hash,
        label: `${stored.key.slice(0, 12)}...${stored.key.slice(-4)}`,
        limit: name === "bob" ? 50 : 25,
        limitReset: name === "bob" ? "weekly" : "monthly",
        file: `${name}.reg`,
        pending: null,
      });
      expect(Date.parse(String(manifest.members[name]!.createdAt))).not.toBeNaN();
    }
    managementKeyStayedHome();
    // No minted key was sent anywhere.
    for (const r of fake.requests) for (const key of mintedKeys.keys()) expect(`${r.headers.authorization} ${r.body}`).not.toContain(key);

    // The same bytes `export` writes for that key.
    for (const name of ["carol", "Lee, Ann"]) {
      const exported = expectKeyIn(join(t.box.dir, `export-${name}.reg`));
      const args = ["export", "--format", "reg", "--out", exported, ...MODELS];
      const again = await runInProcess(args, { ...t.box.env, OPENROUTER_API_KEY: liveKeyOf(name).key });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(readFileSync(join(t.out, `${name}.reg`)).equals(readFileSync(exported))).toBe(true);
    }
  });

  it("a second run creates nothing and rewrites no file; listing pages through offset", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    for (let i = 0; i < 4; i++) fake.management.add(`Someone else ${i}`);
    fake.management.pageSize = 3;
    const before = Object.fromEntries(readdirSync(t.out).map((f) => [f, readFileSync(join(t.out, f))]));
    fake.requests.length = 0;
    const again = await t.provision();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json<ProvisionResult>().counts).toMatchObject({ created: 0, skipped: 10 });
    expect(creates()).toHaveLength(0);
    expect(fake.requests.filter((r) => r.method === "PATCH" || r.method === "DELETE")).toHaveLength(0);
    const offsets = fake.requests.filter((r) => r.method === "GET" && r.path === "/api/v1/keys").map((r) => r.query.get("offset"));
    expect(offsets).toEqual(["0", "3", "6", "9", "12", "14"]);
    expect(fake.requests.filter((r) => r.path === "/api/v1/keys").every((r) => r.query.get("include_disabled") === "true")).toBe(true);
    for (const [file, bytes] of Object.entries(before)) {
      if (file !== "manifest.json") expect(readFileSync(join(t.out, file)).equals(bytes), file).toBe(true);
    }
    expect(fake.management.live()).toHaveLength(14);
  });

  it("--dry-run shows the plan and creates nothing, not even the directory", async () => {
    const t = team();
    const run = await t.provision(["--format", "reg", "--dry-run"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = run.json<ProvisionResult>();
    expect(result.dryRun).toBe(true);
    expect(result.members.map((m) => m.action)).toEqual(TEN.map(() => "create"));
    expect(result.members.every((m) => !m.done)).toBe(true);
    expect(creates()).toHaveLength(0);
    expect(() => statSync(t.out)).toThrow();
    // For people: the manifest a dry run does not write is not named as if it were there.
    const human = await t.provisionHuman(["--format", "reg", "--dry-run"]);
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain(`Dry run: the manifest would be written to ${join(t.out, "manifest.json")} (nothing was written).`);
    expect(human.stdout).not.toContain("Manifest (no keys in it)");
    expect(() => statSync(t.out)).toThrow();
  });

  it("writes .mobileconfig files like export's, and json files byte for byte", async () => {
    const t = team(["alice", "bob"]);
    const run = await t.provision(["--format", "mobileconfig", "--organization", "Example Corp", "--identifier", "com.example.claude"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const exported = expectKeyIn(join(t.box.dir, "alice-export.mobileconfig"));
    const args = ["export", "--out", exported, "--organization", "Example Corp", "--identifier", "com.example.claude"];
    expect((await runInProcess([...args, ...MODELS], { ...t.box.env, OPENROUTER_API_KEY: liveKeyOf("alice").key })).exitCode).toBe(0);
    const withoutUuids = (path: string) =>
      readFileSync(path, "utf8").replace(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g, "UUID");
    expect(withoutUuids(join(t.out, "alice.mobileconfig"))).toBe(withoutUuids(exported));
    expect(readFileSync(join(t.out, "alice.mobileconfig"), "utf8")).toContain(liveKeyOf("alice").key);
    // A later run with another format is refused: existing files cannot be rewritten.
    const other = await t.provision(["--format", "json"]);
    expect(other.exitCode).toBe(2);
    expect(other.json<{ error: { message: string } }>().error.message).toContain("mobileconfig");
  });

  it("--rotate issues a new key, disables the old one and rewrites only that file", async () => {
    const t = team();
    expect((await t.provision()).exitCode).toBe(0);
    const old = liveKeyOf("carol");
    const daveBytes = readFileSync(join(t.out, "dave.reg"));
    // It cuts off every device using carol's key: said, and not done without a confirmation.
    const unconfirmed = await t.provision(["--format", "reg", "--rotate", "carol"]);
    expect(unconfirmed.exitCode).toBe(2);
    expect(unconfirmed.stderr).toContain("every device that uses it (deployed from the old file) stops working");
    expect(liveKeyOf("carol").hash).toBe(old.hash);
    const run = await t.provision(["--format", "reg", "--rotate", "carol", "--yes"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json<ProvisionResult>().counts).toMatchObject({ rotated: 1, skipped: 9, created: 0 });
    const fresh = liveKeyOf("carol");
    expect(fresh.hash).not.toBe(old.hash);
    expect(fake.management.find(old.hash)?.disabled).toBe(true);
    expect(regEntry(join(t.out, "carol.reg")).inferenceGatewayApiKey).toBe(fresh.key);
    expect(readFileSync(join(t.out, "dave.reg")).equals(daveBytes)).toBe(true);
    expect(readManifest(t.out).members.carol).toMatchObject({ hash: fresh.hash, retired: [old.hash], retire: [] });
    expect(fake.management.live()).toHaveLength(10);
  });

  it("a key that exists without its file is reported, not duplicated; --rotate replaces it", async () => {
    const t = team(["alice", "bob"]);
    const dashboardMade = fake.management.add(keyName("bob"), { limit: 10 });
    const run = await t.provision();
    expect(run.exitCode).toBe(1);
    const result = run.json<ProvisionResult>();
    expect(result.members.find((m) => m.name === "bob")).toMatchObject({ action: "blocked", reason: "exists-without-file" });
    expect(result.warnings.some((w) => w.message.includes("--rotate bob"))).toBe(true);
    expect(fake.management.live().filter((k) => k.name === keyName("bob"))).toHaveLength(1);

    // A member's file deleted after it was deployed: delivered, not blocked (its key stays live).
    unlinkSync(join(t.out, "alice.reg"));
    const again = await t.provision();
    expect(again.json<ProvisionResult>().members.map((m) => [m.action, m.reason])).toEqual([
      ["delivered", null],
      ["blocked", "exists-without-file"],
    ]);
    expect(creates()).toHaveLength(1);

    const fixed = await t.provision(["--format", "reg", "--rotate", "alice", "--rotate", "bob", "--yes"]);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fake.management.find(dashboardMade.hash)?.disabled).toBe(true);
    expect(fake.management.live()).toHaveLength(2);
    for (const name of ["alice", "bob"]) expect(regEntry(join(t.out, `${name}.reg`)).inferenceGatewayApiKey).toBe(liveKeyOf(name).key);
  });

  it("refuses unsafe and duplicate member names before any request", async () => {
    const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const env = { ...box.env, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY };
    const cases: [string, RegExp][] = [
      ["name\nalice\n../etc\n", /line 3.*"\.\.\/etc".*separator/],
      ["name\nalice\nAlice\n", /line 3.*"Alice" is already on line 2/],
      ["name\n..\n", /line 2.*starts with a dot/],
      ['name\n"a\u0007b"\n', /line 2.*control characters/],
      ["name\nCON\n", /line 2.*Windows/],
      ['name,limit\n"ok",10\n"bad,5\n', /line 3.*never closed/],
    ];
    for (const [text, message] of cases) {
      const members = join(box.dir, "m.csv");
      writeFileSync(members, text);
      const run = await runInProcess(
        ["team", "provision", "--members", members, "--out-dir", join(box.dir, "out"), "--limit", "5", "--format", "json", "--json"],
        env,
      );
      expect(run.exitCode, text).toBe(2);
      expect(run.json<{ error: { message: string } }>().error.message).toMatch(message);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses an out-dir that holds other files", async () => {
    const t = team(["alice"]);
    writeFileSync(join(t.box.dir, "rollout-notes.txt"), "x");
    const run = await runInProcess(
      ["team", "provision", "--members", t.members, "--out-dir", t.box.dir, "--limit", "5", "--format", "json", "--json"],
      t.env,
    );
    expect(run.exitCode).toBe(2);
    expect(run.json<{ error: { code: string } }>().error.code).toBe("usage");
    expect(creates()).toHaveLength(0);
  });
});

describe("the management key", () => {
  it("a runtime key is refused with what it is (exit 3), before any key is listed", async () => {
    const t = team(["alice"]);
    const run = await runInProcess(
      ["team", "provision", "--members", t.members, "--out-dir", t.out, "--format", "json", "--limit", "5", "--json"],
      { ...t.box.env, OPENROUTER_MANAGEMENT_KEY: TEST_KEY },
    );
    expect(run.exitCode).toBe(3);
    const error = run.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe("team.runtime-key");
    expect(error.message).toContain("is_management_key: false");
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/v1/key"]);
  });

  it("a key OpenRouter refuses on the management endpoints is exit 3 with its words", async () => {
    const t = team(["alice"]);
    // /key calls it a management key, but /keys (the fake: management keys only) answers 401.
    fake.routes["GET /api/v1/key"] = { body: fixture("key.ok.management.json") };
    const run = await runInProcess(["team", "usage", "--json"], { ...t.box.env, OPENROUTER_MANAGEMENT_KEY: TEST_KEY });
    expect(run.exitCode).toBe(3);
    expect(run.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: "team.key-refused",
      message: "OpenRouter refused the management key (401): User not found.",
    });
  });

  it("is never taken as an argument, and not from OPENROUTER_API_KEY", async () => {
    const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    for (const option of ["--api-key", "--management-key"]) {
      const run = await runInProcess(["team", "usage", option, MANAGEMENT_KEY, "--json"], box.env);
      expect(run.exitCode).toBe(2);
      expect(run.json<{ error: { message: string } }>().error.message).toContain(option);
    }
    const fromApiKeyVariable = await runInProcess(["team", "usage", "--json"], { ...box.env, OPENROUTER_API_KEY: MANAGEMENT_KEY });
    expect(fromApiKeyVariable.exitCode).toBe(2);
    expect(fromApiKeyVariable.json<{ error: { code: string } }>().error.code).toBe("team.key-missing");
    expect(fake.requests).toHaveLength(0);
  });

  it("is read from --management-key-file", async () => {
    const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const file = join(box.dir, "mgmt.txt");
    writeFileSync(file, `  "${MANAGEMENT_KEY}"\n`);
    expectKeyIn(file);
    const run = await runInProcess(["team", "usage", "--management-key-file", file, "--json"], box.env);
    expect(run.exitCode, run.stderr).toBe(0);
    managementKeyStayedHome();
  });

  it("setup still refuses a management key (exit 3)", async () => {
    const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    const run = await runInProcess(["setup", "--yes", "--no-restart", "--json"], { ...box.env, OPENROUTER_API_KEY: MANAGEMENT_KEY });
    expect(run.exitCode).toBe(3);
    expect(run.json<{ error: { code: string } }>().error.code).toBe("key.management");
  });
});

describe("team usage", () => {
  /** Usage figures per member: [today, week, month, total]. */
  const FIGURES: Record<string, [number, number, number, number]> = {
    alice: [1.5, 6.25, 23, 40],
    bob: [0.25, 46, 46, 46],
    carol: [0, 0.5, 2.75, 3],
  };

  async function provisioned(): Promise<Team> {
    const t = team(Object.keys(FIGURES));
    expect((await t.provision()).exitCode).toBe(0);
    for (const [name, [daily, weekly, monthly, total]] of Object.entries(FIGURES)) {
      Object.assign(liveKeyOf(name), { usageDaily: daily, usageWeekly: weekly, usageMonthly: monthly, usage: total });
    }
    fake.management.add("Production backend", { usageMonthly: 500, usage: 500 });
    fake.management.credits = { total_credits: 200, total_usage: 123.5 };
    return t;
  }

  it("rows per member against the fake's numbers, sorted by monthly spend, totals, balance, ≥ 90 % marked", async () => {
    const t = await provisioned();
    const run = await runInProcess(["team", "usage", "--out-dir", t.out, "--json"], t.env);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = run.json<UsageResult>();
    expect(result.source).toBe("manifest");
    expect(result.members.map((m) => m.name)).toEqual(["bob", "alice", "carol"]);
    const alice = result.members.find((m) => m.name === "alice")!;
    expect(alice).toMatchObject({
      usageDaily: 1.5,
      usageWeekly: 6.25,
      usageMonthly: 23,
      usage: 40,
      limit: 25,
      limitRemaining: 2,
      limitReset: "monthly",
    });
    expect(alice.capUsed).toBe(0.92);
    expect(alice.nearCap).toBe(true);
    // bob: $50 a week, $46 spent this week: 92 %.
    expect(result.members.find((m) => m.name === "bob")).toMatchObject({ limit: 50, limitRemaining: 4, nearCap: true });
    expect(result.members.find((m) => m.name === "carol")).toMatchObject({ limitRemaining: 22.25, nearCap: false, capUsed: 0.11 });
    expect(result.totals).toEqual({
      usageDaily: 1.75,
      usageWeekly: 52.75,
      usageMonthly: 71.75,
      usage: 89,
      limit: 100,
      limitRemaining: 28.25,
    });
    expect(result.credits).toMatchObject({ available: true, balance: 76.5, totalCredits: 200, totalUsage: 123.5 });
    expect(result.warnings.map((w) => w.code)).toEqual(["team.near-cap", "team.near-cap"]);
    managementKeyStayedHome();

    // Without a manifest: every key named "Claude Desktop – …", none other.
    const byName = await runInProcess(["team", "usage", "--json"], t.env);
    expect(byName.json<UsageResult>().members.map((m) => m.name)).toEqual(["bob", "alice", "carol"]);
    expect(byName.json<UsageResult>().source).toBe("names");
  });

  it("prints an aligned table in English and Chinese", async () => {
    const t = await provisioned();
    for (const [lang, total] of [
      ["en", "total"],
      ["zh-CN", "合计"],
    ] as const) {
      const run = await runInProcess(["team", "usage", "--out-dir", t.out, "--lang", lang], t.env);
      expect(run.exitCode, run.stderr).toBe(0);
      const lines = run.stdout.split("\n");
      const table = lines.slice(
        0,
        lines.findIndex((l) => l.trim() === ""),
      );
      expect(table).toHaveLength(5);
      expect(table.at(-1)).toContain(total);
      // Every column starts at the same terminal cell on every line.
      const starts = (line: string) => {
        const cells: number[] = [];
        let width = 0;
        for (const part of line.split(/( {2,})/)) {
          if (/^ {2,}$/.test(part)) cells.push(width + part.length);
          width += displayWidth(part);
        }
        return cells.slice(0, 5);
      };
      for (const line of table) expect(starts(line), line).toEqual(starts(table[0]!));
      expect(run.stdout).toContain("$76.50");
    }
  });
});

describe("team revoke and set-limit", () => {
  it("revoke disables a member's key; provision then leaves the member alone", async () => {
    const t = team(["alice", "bob"]);
    expect((await t.provision()).exitCode).toBe(0);
    const bob = liveKeyOf("bob");
    const run = await runInProcess(["team", "revoke", "bob", "--out-dir", t.out, "--json"], t.env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(fake.management.find(bob.hash)?.disabled).toBe(true);
    expect(fake.requests.find((r) => r.method === "PATCH")?.body).toBe('{"disabled":true}');
    expect(readManifest(t.out).members.bob).toMatchObject({ status: "revoked", hash: bob.hash });
    const again = await t.provision();
    expect(again.json<ProvisionResult>().members.find((m) => m.name === "bob")?.action).toBe("revoked");
    expect(creates()).toHaveLength(2);
  });

  it("revoke --delete asks for --yes without a terminal, then deletes; unknown names change nothing", async () => {
    const t = team(["alice", "bob"]);
    expect((await t.provision()).exitCode).toBe(0);
    const unknown = await runInProcess(["team", "revoke", "alice", "zoe", "--json"], t.env);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.json<{ error: { message: string } }>().error.message).toContain("zoe");
    const refused = await runInProcess(["team", "revoke", "alice", "--delete", "--json"], t.env);
    expect(refused.exitCode).toBe(2);
    expect(fake.requests.filter((r) => r.method === "DELETE" || r.method === "PATCH")).toHaveLength(0);
    const alice = liveKeyOf("alice");
    const run = await runInProcess(["team", "revoke", "alice", "--delete", "--yes", "--out-dir", t.out, "--json"], t.env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(fake.management.find(alice.hash)).toBeUndefined();
    expect(readManifest(t.out).members.alice?.status).toBe("deleted");
    expect(fake.management.live()).toHaveLength(1);
  });

  it("set-limit changes caps on OpenRouter and in the manifest", async () => {
    const t = team(["alice", "bob", "carol"]);
    expect((await t.provision()).exitCode).toBe(0);
    const run = await runInProcess(
      ["team", "set-limit", "alice", "carol", "--limit", "40", "--limit-reset", "weekly", "--out-dir", t.out, "--json"],
      t.env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    for (const name of ["alice", "carol"]) expect(liveKeyOf(name)).toMatchObject({ limit: 40, limitReset: "weekly" });
    expect(liveKeyOf("bob")).toMatchObject({ limit: 50, limitReset: "weekly" });
    expect(fake.requests.filter((r) => r.method === "PATCH").map((r) => JSON.parse(r.body))).toEqual([
      { limit: 40, limit_reset: "weekly" },
      { limit: 40, limit_reset: "weekly" },
    ]);
    expect(readManifest(t.out).members.alice).toMatchObject({ limit: 40, limitReset: "weekly" });
    // Without --limit-reset the period stays; without a manifest the key is found by name.
    expect((await runInProcess(["team", "set-limit", "bob", "--limit", "60", "--json"], t.env)).exitCode).toBe(0);
    expect(liveKeyOf("bob")).toMatchObject({ limit: 60, limitReset: "weekly" });
    // The next provision notices the manifest-less change and says how to align it.
    const again = await t.provision();
    expect(again.json<ProvisionResult>().warnings.map((w) => w.code)).toContain("team.limit-differs");
  });
});

describe("network trouble", () => {
  it("429 with Retry-After and 5xx on the key list are retried like every GET", async () => {
    const t = team(["alice"]);
    expect((await t.provision()).exitCode).toBe(0);
    const list = fake.routes["GET /api/v1/keys"]!;
    const answers = [
      { status: 429, body: { error: { code: 429, message: "Rate limit exceeded" } }, headers: { "retry-after": "1" } },
      { status: 503, body: { error: { code: 503, message: "Service Unavailable" } } },
    ];
    fake.routes["GET /api/v1/keys"] = (req) => answers.shift() ?? (typeof list === "function" ? list(req) : list);
    fake.requests.length = 0;
    // The waits, on the context's clock: Retry-After's second, then the second backoff.
    const slept: number[] = [];
    const run = await runInProcess(["team", "usage", "--json"], t.env, {
      tweak: (ctx) => {
        const real = ctx.clock;
        ctx.clock = {
          ...real,
          now: () => new Date(real.now().getTime() + slept.reduce((a, b) => a + b, 0)),
          sleep: async (ms) => {
            slept.push(ms);
          },
        };
      },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(slept).toEqual([1000, 500]);
    // The first page three times (429, 503, the answer), then the empty page that ends the list.
    expect(fake.requests.filter((r) => r.path === "/api/v1/keys").map((r) => r.query.get("offset"))).toEqual(["0", "0", "0", "1"]);
    expect(run.json<UsageResult>().members).toHaveLength(1);
  });

  it("a create answered 503 is not retried; the next run finishes without a duplicate", async () => {
    const t = team(["alice", "bob"]);
    fake.routes["POST /api/v1/keys"] = { status: 503, body: { error: { code: 503, message: "Service Unavailable" } } };
    const run = await t.provision();
    expect(run.exitCode).toBe(1);
    expect(run.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "team.interrupted" });
    expect(creates()).toHaveLength(1);
    expect(readManifest(t.out).members.alice).toMatchObject({ status: "creating", pending: { hash: null } });
    fake.reset();
    const again = await t.provision();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(fake.management.live()).toHaveLength(2);
  });
});
