// docs/team.md's "Step by step", run verbatim: the members file of step 2, the commands of step 3,
// the delivered files deleted as step 4 says, a member added, and every command of step 5 — with
// the built CLI against the loopback OpenRouter. A later run with only --members and --out-dir
// makes the new member like the others and never touches a deployed member's key.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { MANAGEMENT_KEY } from "../helpers/fixtures.js";
import { BIN, expectKeyIn, useSandboxes } from "../helpers/sandbox.js";
import { keyName } from "../helpers/team.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();

/** The numbered step's fenced blocks (```lang … ```) from docs/team.md, as written there. */
function blocks(step: number, lang: string): string[] {
  const text = readFileSync(new URL("../../docs/team.md", import.meta.url), "utf8");
  const section = text.slice(text.indexOf("## Step by step"), text.indexOf("## `team provision`"));
  const start = section.search(new RegExp(`^${step}\\. `, "m"));
  const end = section.slice(start + 1).search(/^\d+\. /m);
  const body = end < 0 ? section.slice(start) : section.slice(start, start + 1 + end);
  return [...body.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\\n\\s*\`\`\``, "g"))].map((m) =>
    m[1]!
      .split("\n")
      .map((line) => line.replace(/^ {3}/, ""))
      .join("\n"),
  );
}

describe("docs/team.md, step by step, verbatim", () => {
  it("provisions, survives the delivered files' deletion, adds a member like the others, rotates only when told", async () => {
    const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
    writeFileSync(join(box.dir, "mgmt.txt"), MANAGEMENT_KEY);
    expectKeyIn(join(box.dir, "mgmt.txt"));
    const [members] = blocks(2, "csv");
    writeFileSync(join(box.dir, "members.csv"), `${members}\n`);
    // `npx claude-desktop-openrouter …` is the built CLI; everything else runs as the docs say.
    // Asynchronously: the loopback OpenRouter answers from this process's event loop.
    const sh = (script: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn("/bin/sh", ["-c", `npx() { shift; "$NODE" "$BIN" "$@"; }\n${script}`], {
          cwd: box.dir,
          env: { ...box.env, NODE: process.execPath, BIN, PATH: "/usr/bin:/bin" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });

    const [step3] = blocks(3, "sh");
    const provisioned = await sh(step3!);
    expect(provisioned.status, provisioned.stderr).toBe(0);
    const first = ["alice", "bob", "Lee, Ann", "王芳"];
    for (const name of first) expect(existsSync(join(box.dir, "rollout", `${name}.mobileconfig`))).toBe(true);
    const keysBefore = new Map(first.map((name) => [name, fake.management.live().find((k) => k.name === keyName(name))!.hash]));

    const [step4] = blocks(4, "sh");
    expect((await sh(step4!)).status).toBe(0);
    for (const name of first) expect(existsSync(join(box.dir, "rollout", `${name}.mobileconfig`))).toBe(false);

    appendFileSync(join(box.dir, "members.csv"), "dave,,,dave@example.com\n");
    const [step5] = blocks(5, "sh");
    const lines = step5!.split("\n").filter((line) => line.startsWith("npx "));
    const env = 'export OPENROUTER_MANAGEMENT_KEY="$(cat mgmt.txt)"\n';
    for (const line of lines) {
      const r = await sh(env + line);
      expect(r.status, `${line}\n${r.stderr}`).toBe(0);
      if (line.includes("# new members only")) {
        expect(r.stdout).toMatch(/1 created, 0 rotated, 0 up to date, 4 delivered, 0 revoked, 0 blocked, 0 failed/);
        // Made like the others: the remembered cap, reset, organization and identifier.
        const dave = fake.management.live().find((k) => k.name === keyName("dave"))!;
        expect(dave).toMatchObject({ limit: 25, limitReset: "monthly" });
        const file = readFileSync(join(box.dir, "rollout", "dave.mobileconfig"), "utf8");
        expect(file).toContain("<string>Example Corp</string>");
        expect(file).toContain("com.example.claude-desktop");
        // Nobody deployed lost their key.
        for (const [name, hash] of keysBefore) expect(fake.management.find(hash)?.disabled, name).toBe(false);
      }
      if (line.includes("team policy --out-dir rollout --zdr")) {
        // The team guardrail step 3 made, changed as the line says; every first member's key under it.
        expect(fake.management.guardrails).toHaveLength(1);
        const g = fake.management.guardrails[0]!;
        expect(g).toMatchObject({
          name: "Claude Desktop team",
          allowed_providers: ["anthropic"],
          enforce_zdr_anthropic: true,
          limit_usd: 500,
        });
        for (const [name, hash] of keysBefore) expect(fake.management.assignments.get(hash), name).toBe(g.id);
      }
      if (line.includes("> usage-report.csv"))
        expect(readFileSync(join(box.dir, "usage-report.csv"), "utf8")).toMatch(/^date,member,model,provider,requests,/);
      if (line.includes("--rotate alice")) {
        expect(r.stderr).toContain("every device that uses it (deployed from the old file) stops working");
        expect(fake.management.find(keysBefore.get("alice")!)?.disabled).toBe(true);
        expect(fake.management.find(keysBefore.get("Lee, Ann")!)?.disabled).toBe(false);
      }
    }
  });

  it("a hint names a member as the shell it is printed for must read it", async () => {
    const { shellArgument } = await import("../../src/core/next-command.js");
    expect(shellArgument({ platform: "linux" }, "alice")).toBe("alice");
    expect(shellArgument({ platform: "linux" }, "王芳")).toBe("王芳");
    expect(shellArgument({ platform: "darwin" }, "Lee, Ann")).toBe("'Lee, Ann'");
    expect(shellArgument({ platform: "linux" }, "O'Brien")).toBe("'O'\\''Brien'");
    // cmd.exe and PowerShell both read a double-quoted argument (a member name never holds a double quote).
    expect(shellArgument({ platform: "win32" }, "O'Brien, Pat")).toBe('"O\'Brien, Pat"');
    // What a POSIX shell makes of the quoted argument is the name again.
    for (const name of ["Lee, Ann", "O'Brien", "a $b `c`"]) {
      const echoed = spawnSync("/bin/sh", ["-c", `printf %s ${shellArgument({ platform: "linux" }, name)}`], { encoding: "utf8" });
      expect(echoed.stdout).toBe(name);
    }
  });
});
