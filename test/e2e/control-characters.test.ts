// Nothing a server or a file says reaches the terminal raw: the built CLI against the loopback
// OpenRouter whose answers hold escape sequences (clear screen, window title, clipboard write),
// C1 controls and a right-to-left override, and against configuration files holding the same.
// Human output has none of them; --json keeps the values exact; our own colours still work.
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture, MANAGEMENT_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { allowKeyInEntry, type CliRun, type Sandbox, useSandboxes } from "../helpers/sandbox.js";

const fake = useFakeOpenRouter();
const newSandbox = useSandboxes();
afterEach(() => fake.reset());

/** Clear screen, window title (OSC 0), clipboard (OSC 52), C1 CSI and NEL, right-to-left override. */
const HOSTILE = "\u001b[2J\u001b]0;pwned-title\u0007\u001b]52;c;cHduZWQ=\u001b\\\u009b2J\u0085X\u202Egnp.exe";
/** What is left of HOSTILE once stripped: its plain letters. */
const LEFT = "Xgnp.exe";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: our own colour codes
const OUR_COLOURS = /\u001b\[\d+(;\d+)*m/g;

/** No control character in either stream; `words`: nor the hostile text's words (a JSON diff shows them as \u escapes, harmlessly). */
function expectClean(run: CliRun, what: string, words = true): void {
  for (const [name, text] of [
    ["stdout", run.stdout],
    ["stderr", run.stderr],
  ] as const) {
    const match = UNSAFE.exec(text);
    expect(
      match,
      `${what} ${name}: ${JSON.stringify(text.slice(Math.max(0, (match?.index ?? 0) - 40), (match?.index ?? 0) + 40))}`,
    ).toBeNull();
    if (words) expect(text, `${what} ${name}`).not.toMatch(/pwned|cHduZWQ/);
  }
}

function hostileServer(): void {
  const key = fixture("key.ok.capped.json") as { data: Record<string, unknown> };
  fake.routes["GET /api/v1/key"] = { body: { data: { ...key.data, label: `label ${HOSTILE}`, limit_reset: `monthly${HOSTILE}` } } };
  const models = fixture("models.openrouter.json") as { data: Record<string, unknown>[] };
  fake.routes["GET /api/v1/models"] = {
    body: {
      data: models.data.map((m, i) =>
        i === 1 ? { ...m, name: `Model ${HOSTILE}`, description: `About ${HOSTILE}` } : i === 2 ? { ...m, id: `evil/${HOSTILE}` } : m,
      ),
    },
  };
}

function box(): Sandbox {
  return newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_API_KEY: TEST_KEY });
}

describe("text from OpenRouter is stripped of control characters in human output", () => {
  it("setup's key check, status, models, show and doctor print no control character", async () => {
    hostileServer();
    const sb = box();
    const setup = await sb.run(["setup", "--yes"]);
    expect(setup.exitCode, setup.stderr).toBe(0);
    expectClean(setup, "setup");
    for (const args of [["status"], ["models"], ["models", "--all"], ["show"], ["doctor"], ["doctor", "--verbose"]]) {
      const run = await sb.run(args);
      expect(run.stdout + run.stderr).not.toBe("");
      expectClean(run, args.join(" "));
    }
    const models = await sb.run(["models", "--all"]);
    expect(models.stdout).toContain(`Model ${LEFT}`);
    const status = await sb.run(["status"]);
    expect(status.stdout).toContain(`label ${LEFT}`);
  });

  it("--json keeps the server's values exact (JSON escapes the controls)", async () => {
    hostileServer();
    const sb = box();
    const run = await sb.run(["status", "--json"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(JSON.stringify(run.json())).toContain(JSON.stringify(`label ${HOSTILE}`).slice(1, -1));
  });

  it("with colour on, only our own colour codes reach the terminal", async () => {
    hostileServer();
    const sb = box();
    for (const args of [["status"], ["models", "--all"], ["doctor"]]) {
      const run = await sb.run(args, { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
      expect(run.stdout).toMatch(OUR_COLOURS);
      expectClean({ ...run, stdout: run.stdout.replace(OUR_COLOURS, ""), stderr: run.stderr.replace(OUR_COLOURS, "") }, args.join(" "));
    }
  });

  it("team usage prints member names and labels from the key list without them", async () => {
    fake.management.add(`Claude Desktop – eve ${HOSTILE}`, { limit: 10 });
    const sb = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, OPENROUTER_MANAGEMENT_KEY: MANAGEMENT_KEY });
    const run = await sb.run(["team", "usage"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`eve ${LEFT}`);
    expectClean(run, "team usage");
  });

  it("an error message from OpenRouter is shown without them", async () => {
    const sb = box();
    fake.routes["GET /api/v1/key"] = { status: 401, body: { error: { code: 401, message: `No auth ${HOSTILE}` } } };
    for (const args of [["status"], ["doctor"], ["setup", "--yes"]]) {
      const run = await sb.run(args);
      expect(run.exitCode).not.toBe(0);
      expectClean(run, args.join(" "));
    }
  });
});

describe("text from files is stripped of control characters in human output", () => {
  it("entry names, model ids, labels and values in Claude Desktop's library", async () => {
    const sb = box();
    expect((await sb.run(["setup", "--yes"])).exitCode).toBe(0);
    const meta = sb.readJson<{ appliedId: string; entries: { id: string; name: string }[] }>(sb.paths.meta);
    const otherId = "d1444bab-0000-4000-8000-000000000002";
    sb.write(sb.paths.meta, { ...meta, entries: [...meta.entries, { id: otherId, name: `Work ${HOSTILE}` }] });
    sb.write(join(dirname(sb.paths.meta), `${otherId}.json`), {
      inferenceProvider: "gateway",
      inferenceGatewayBaseUrl: `https://gw.example/${HOSTILE}`,
      deploymentDisplayName: `Other ${HOSTILE}`,
    });
    const entry = sb.readJson<{ inferenceModels: { name: string; labelOverride?: string }[] } & Record<string, unknown>>(sb.paths.entry);
    entry.inferenceModels[1] = { ...entry.inferenceModels[1]!, name: `anthropic/${HOSTILE}`, labelOverride: `Label ${HOSTILE}` };
    allowKeyInEntry(sb);
    sb.write(sb.paths.entry, { ...entry, deploymentDisplayName: `Mine ${HOSTILE}` });
    const seen: string[] = [];
    for (const args of [["show"], ["doctor"], ["status"], ["setup", "--yes", "--dry-run"]]) {
      const run = await sb.run(args);
      expectClean(run, args.join(" "), !args.includes("--dry-run"));
      seen.push(run.stdout + run.stderr);
    }
    // The values were shown, stripped, not left out.
    expect(seen[0]).toContain(`Work ${LEFT}`);
    expect(seen[0]).toContain(`Label ${LEFT}`);
  });
});
