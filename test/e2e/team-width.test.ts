// The team tables at 60 columns: every line the tool prints for people fits, a member's row is one
// line (the least important column cut first), in provision's summary, usage, usage --activity and
// policy.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { displayWidth } from "../../src/render/style.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { MANAGEMENT_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes } from "../helpers/sandbox.js";
import { keyName } from "../helpers/team.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();
beforeEach(() => fake.reset());

const WIDTH = 60;
const MEMBERS = ["alice", "bob", "王芳", "a-member-with-a-rather-long-name"];
const NOW = new Date("2026-12-07T10:00:00Z");
const atNow = { tweak: (ctx: Context) => Object.assign(ctx, { clock: { now: () => new Date(NOW) } }) };

/** Every line of both streams fits in WIDTH cells, and no amount or count was cut ("$0.…"). */
function expectFits(run: { stdout: string; stderr: string }): void {
  for (const line of `${run.stdout}\n${run.stderr}`.split("\n")) {
    expect(displayWidth(line), line).toBeLessThanOrEqual(WIDTH);
    expect(line).not.toMatch(/(\$|\b\d)[\d.,]*…/);
  }
}

/** Each member's row is one line: the member's name (or its cut start) begins exactly one line, holding `also`. */
function expectOneLinePerMember(text: string, also: RegExp): void {
  const lines = text.split("\n");
  for (const name of MEMBERS) {
    const start = name.slice(0, 8);
    const rows = lines.filter((l) => l.trimStart().startsWith(start));
    expect(rows, `${name}\n${text}`).toHaveLength(1);
    expect(rows[0], text).toMatch(also);
  }
}

function team() {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  const members = join(box.dir, "members.csv");
  writeFileSync(members, `name\n${MEMBERS.join("\n")}\n`);
  const env = { ...box.env, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY, COLUMNS: String(WIDTH) };
  const out = join(box.dir, "rollout-directory-with-a-long-name");
  const provision = ["team", "provision", "--members", members, "--out-dir", out, "--limit", "25", "--limit-reset", "monthly"];
  return { env, out, provision: [...provision, "--models", "anthropic/claude-sonnet-4.5", "--format", "json"] };
}

describe(`team tables at ${WIDTH} columns`, () => {
  it("provision's summary, usage, usage --activity and policy fit, one line per member", async () => {
    const t = team();
    const provisioned = await runInProcess(t.provision, t.env);
    expect(provisioned.exitCode, provisioned.stderr).toBe(0);
    expectFits(provisioned);
    expectOneLinePerMember(provisioned.stdout, /\$25/);

    const usage = await runInProcess(["team", "usage", "--out-dir", t.out], t.env, atNow);
    expect(usage.exitCode, usage.stderr).toBe(0);
    expectFits(usage);
    // The month's spend, the cap and what is left stay.
    expectOneLinePerMember(usage.stdout, /\$0\.00\s+\$25\.00\s+\$25\.00/);

    const hash = (name: string) => fake.management.live().find((k) => k.name === keyName(name))!.hash;
    for (const name of MEMBERS)
      fake.management.addActivity(hash(name), [
        { date: "2026-12-02", provider_name: "Amazon Bedrock", usage: 0.25, requests: 2, model: "anthropic/claude-opus-4.1" },
      ]);
    const activity = await runInProcess(["team", "usage", "--out-dir", t.out, "--activity", "--days", "7"], t.env, atNow);
    expect(activity.exitCode, activity.stderr).toBe(0);
    expectFits(activity);
    expect(activity.stdout).toContain("anthropic/claude-opus-4.1");

    const providers = "anthropic,amazon-bedrock,google-vertex,azure-openai-service,deepinfra";
    const policy = await runInProcess(["team", "policy", "--out-dir", t.out, "--providers", providers, "--yes"], t.env);
    expect(policy.exitCode, policy.stderr).toBe(0);
    expectFits(policy);
    // The provider list wraps under its value column, not back under the label.
    const at = policy.stdout.split("\n").findIndex((l) => l.includes("amazon-bedrock"));
    const column = policy.stdout.split("\n")[at]!.indexOf("anthropic");
    expect(policy.stdout.split("\n")[at + 1]!.search(/\S/), policy.stdout).toBe(column);

    const long = MEMBERS[3]!;
    const setLimit = await runInProcess(["team", "set-limit", long, "--limit", "30", "--out-dir", t.out, "--yes"], t.env);
    expect(setLimit.exitCode, setLimit.stderr).toBe(0);
    expectFits(setLimit);
    expect(setLimit.stdout.split("\n").filter((l) => /\$25\.00 → \$30\.00/.test(l))).toHaveLength(1);

    const revoke = await runInProcess(["team", "revoke", long, "--out-dir", t.out, "--yes"], t.env);
    expect(revoke.exitCode, revoke.stderr).toBe(0);
    expectFits(revoke);
    // The masked key is shown whole: its end tells one key from another.
    expect(revoke.stdout).toMatch(/sk-or-v1-\w{3}\.\.\.\w{4} +\S/);
  });

  it("in Chinese too (full-width headers count two cells)", async () => {
    const t = team();
    const env = { ...t.env, LANG: "zh_CN.UTF-8" };
    const provisioned = await runInProcess(t.provision, env);
    expect(provisioned.exitCode, provisioned.stderr).toBe(0);
    expectFits(provisioned);
    const usage = await runInProcess(["team", "usage", "--out-dir", t.out], env, atNow);
    expect(usage.exitCode, usage.stderr).toBe(0);
    expectFits(usage);
    expectOneLinePerMember(usage.stdout, /\$0\.00\s+\$25\.00\s+\$25\.00/);
  });
});
