// Secrets in the plan's diff are masked exactly as `show` masks them (one masking module), and a
// credential given to the wrong option is refused without being read or echoed.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksLikeCredential, maskCredentials } from "../../src/core/credentials.js";
import { isSecretName, maskSettings } from "../../src/render/mask.js";
import { maskJsonText } from "../../src/render/mask-text.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { OTHER_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes } from "../helpers/sandbox.js";

const GITHUB_TOKEN = `ghp_${"R4nd0mT0kenV4lue".repeat(2)}1234`;
const DATABASE_URL = "postgres://app:hunter2-but-longer@db.internal:5432/app";
// The secrets come last, so that the line setup changes (deploymentMode is added at the end) has
// them in its diff context.
const ROOT_CONFIG = {
  preferences: { keyboardShortcut: "Ctrl+Shift+Space", sessionToken: "plain-looking-session-value-123" },
  mcpServers: {
    db: { command: "db-mcp", env: { DATABASE_URL } },
    github: { command: "npx", args: ["-y", "@modelcontextprotocol/server-github"], env: { GITHUB_PERSONAL_ACCESS_TOKEN: GITHUB_TOKEN } },
  },
};

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();

describe("one masking for show and the plan", () => {
  it("hides values by name, by place (MCP env) and by shape; keeps the rest", () => {
    expect(
      ["inferenceGatewayApiKey", "GITHUB_PERSONAL_ACCESS_TOKEN", "x-api-key", "Authorization", "dbPassword", "clientSecret"].every(
        isSecretName,
      ),
    ).toBe(true);
    expect(["keyboardShortcut", "inferenceGatewayAuthScheme", "inferenceCredentialKind", "monkeyPatch"].some(isSecretName)).toBe(false);
    const masked = maskSettings(ROOT_CONFIG) as typeof ROOT_CONFIG;
    expect(masked.mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN).toBe("ghp_R4n...1234");
    expect(masked.mcpServers.db.env.DATABASE_URL).not.toContain("hunter2");
    expect(masked.preferences.sessionToken).not.toContain("session-value");
    expect(masked.preferences.keyboardShortcut).toBe("Ctrl+Shift+Space");
    expect(masked.mcpServers.github.args).toEqual(ROOT_CONFIG.mcpServers.github.args);
  });

  it("the text of a file is masked exactly as its values are, every other byte kept", () => {
    const text = `\uFEFF${JSON.stringify(ROOT_CONFIG, null, "\t").replace(/\n/g, "\r\n")}\r\n`;
    const masked = maskJsonText(text);
    expect(JSON.parse(masked.slice(1))).toEqual(maskSettings(ROOT_CONFIG));
    expect(masked.startsWith("\uFEFF")).toBe(true);
    expect(masked.split("\r\n").length).toBe(text.split("\r\n").length);
    expect(masked).not.toContain(GITHUB_TOKEN);
  });

  it("setup's plan shows no secret of the files it changes, not even in context lines", async () => {
    const sb = newSandbox("linux");
    sb.write(sb.paths.rootConfig1p, ROOT_CONFIG);
    sb.write(sb.paths.rootConfig3p, { mcpServers: { db: ROOT_CONFIG.mcpServers.db } });
    const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    // The plan in words (the default) and its --dry-run --json diffs show no secret either.
    for (const args of [[], ["--json"]]) {
      const words = await runInProcess(["setup", "--dry-run", "--yes", ...args], env);
      expect(words.exitCode, words.stderr).toBe(0);
      for (const secret of [GITHUB_TOKEN, "hunter2", "session-value", TEST_KEY]) expect(words.stdout + words.stderr).not.toContain(secret);
    }
    const run = await runInProcess(["setup", "--dry-run", "--yes", "--diff"], env);
    expect(run.exitCode, run.stderr).toBe(0);
    // The diff does show the files' context, masked.
    expect(run.stdout).toContain('"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_R4n...1234"');
    expect(run.stdout).toContain('"DATABASE_URL": "pos...');
    for (const secret of [GITHUB_TOKEN, "hunter2", "session-value", TEST_KEY]) expect(run.stdout + run.stderr).not.toContain(secret);
  });
});

/** An MCP server holding a secret in each place and shape a plan's context lines used to show. */
const PLACES = {
  bearer: "Bearer plainbearervalue0001",
  apiKeyArg: "plain-api-key-value-0002",
  apiKeyEquals: "plain-equals-value-0003",
  xApiKey: "plain-x-api-key-0004",
  password: "hunter2isnotsafe0005",
  query: "plain-query-key-0006",
  token: "plain-query-token-0007",
  envHeader: "plain-env-header-0008",
};
const PLACES_CONFIG = {
  mcpServers: {
    remote: {
      command: "npx",
      args: [
        "mcp-remote",
        `https://alice:${PLACES.password}@mcp.example.com/sse?api_key=${PLACES.query}&region=eu`,
        "--header",
        `Authorization: ${PLACES.bearer}`,
        "--header",
        `X-Api-Key: ${PLACES.xApiKey}`,
        "--api-key",
        PLACES.apiKeyArg,
        `--client-token=${PLACES.apiKeyEquals}`,
        `wss://mcp.example.com/ws?access_token=${PLACES.token}`,
        "--verbose",
      ],
      env: { EXTRA_HEADERS: `Authorization: Bearer ${PLACES.envHeader}` },
    },
  },
};

describe("secrets by shape and by place in an MCP server's args", () => {
  it("show's masking hides each of them and keeps the rest readable", () => {
    const text = JSON.stringify(maskSettings(PLACES_CONFIG));
    for (const secret of Object.values(PLACES)) expect(text).not.toContain(secret);
    for (const kept of [
      "mcp-remote",
      "--header",
      "Authorization: Bearer ",
      "X-Api-Key: ",
      "--api-key",
      "--client-token=",
      "alice:",
      "region=eu",
      "--verbose",
      "@mcp.example.com/sse?api_key=",
    ])
      expect(text).toContain(kept);
  });

  it("the file's text is masked the same way (the diff's source)", () => {
    const text = JSON.stringify(PLACES_CONFIG, null, 2);
    const masked = maskJsonText(text);
    expect(JSON.parse(masked)).toEqual(maskSettings(PLACES_CONFIG));
    for (const secret of Object.values(PLACES)) expect(masked).not.toContain(secret);
  });

  // The plan's context is the 3 lines before the change (deploymentMode added at the end): each
  // variant puts its secret on the last line of the server, so the diff shows it (masked).
  const LAST: [string, string[], Record<string, string>?][] = [
    ["a bearer header in args", ["--header", `Authorization: ${PLACES.bearer}`]],
    ["an X-Api-Key header in args", ["--header", `X-Api-Key: ${PLACES.xApiKey}`]],
    ["the word after --api-key", ["--api-key", PLACES.apiKeyArg]],
    ["--client-token=VALUE", [`--client-token=${PLACES.apiKeyEquals}`]],
    ["a URL's password and api_key", [`https://alice:${PLACES.password}@mcp.example.com/sse?api_key=${PLACES.query}&region=eu`]],
    ["access_token in a URL", [`wss://mcp.example.com/ws?access_token=${PLACES.token}`]],
    ["a header in env", ["x"], { EXTRA_HEADERS: `Authorization: Bearer ${PLACES.envHeader}` }],
  ];
  it.each(LAST)("setup's plan shows %s in its context lines masked", async (_name, args, env) => {
    const sb = newSandbox("linux");
    sb.write(sb.paths.rootConfig3p, { mcpServers: { remote: { command: "npx", args: ["mcp-remote", ...args], ...(env ? { env } : {}) } } });
    const run = await runInProcess(["setup", "--dry-run", "--yes", "--diff"], {
      ...sb.env,
      OPENROUTER_API_KEY: TEST_KEY,
      CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    // The line is shown, with its secret masked.
    const last = env ? '"EXTRA_HEADERS": "' : args.at(-1) === PLACES.apiKeyArg ? '"pla...0002"' : JSON.stringify(args.at(-1)).slice(0, 12);
    expect(run.stdout).toContain(last);
    for (const secret of Object.values(PLACES)) expect(run.stdout + run.stderr, secret).not.toContain(secret);
  });
});

describe("credentials in messages and in the wrong option", () => {
  it("every known shape is recognised and masked; placeholders, ids and paths are not", () => {
    expect(maskCredentials(`file ${TEST_KEY} gone`)).toBe("file sk-or-v1-012...cdef gone");
    for (const text of [
      "sk-or-v1-REPLACE_ME",
      "6f70656e-726f-4000-8000-757465720000",
      "/home/me/desk-top-notes-2024",
      "sk-or-v1-0e6...1c96",
    ]) {
      expect(looksLikeCredential(text), text).toBe(false);
      expect(maskCredentials(text, { random: true })).toBe(text);
    }
    expect(maskCredentials("token Q7wErTy9UiOp3AsDfGh5JkLzXcVb8NmQwErT2yUi here", { random: true })).toBe("token Q7wE...2yUi here");
  });

  it("values known not to be secrets (a key's hash, a sign-in challenge) are shown whole; a key shape never is", () => {
    const hash = "2a11a231de10b8de6cf502e66a8258c39118aefe60242a0f747f2059e20d14f9";
    const challenge = "tN-vWBWCItNOi9Ep1o5TMn74y_uQsXgkJFh-dII1DK4";
    const text = `key ${hash} at /auth?code_challenge=${challenge}&x=1`;
    expect(maskCredentials(text, { random: true })).not.toContain(hash);
    expect(maskCredentials(text, { random: true })).not.toContain(challenge);
    expect(maskCredentials(text, { random: true, keep: new Set([hash, challenge]) })).toBe(text);
    // Another token beside them is still masked, and so is a credential registered by mistake.
    const other = "Q7wErTy9UiOp3AsDfGh5JkLzXcVb8NmQwErT2yUi";
    expect(maskCredentials(`${hash} ${other}`, { random: true, keep: new Set([hash]) })).toBe(`${hash} Q7wE...2yUi`);
    expect(maskCredentials(OTHER_KEY, { random: true, keep: new Set([OTHER_KEY]) })).not.toContain(OTHER_KEY);
  });

  it("a key given to --api-key-file, --egress or --name is refused (exit 2) naming the option, never echoed", async () => {
    const sb = newSandbox("linux");
    for (const option of ["--api-key-file", "--egress", "--name"]) {
      const run = await runInProcess(["--json", "setup", option, OTHER_KEY, "--yes"], { ...sb.env, OPENROUTER_API_KEY: TEST_KEY });
      expect(run.exitCode).toBe(2);
      expect(run.json()).toMatchObject({ ok: false, error: { code: "usage", message: expect.stringContaining(option) } });
    }
    // Nothing was written: the key did not become an entry name or an egress host.
    expect(existsSync(sb.paths.meta)).toBe(false);
  });

  it("an unknown option that holds a key is named with the key masked", async () => {
    const sb = newSandbox("linux");
    const run = await runInProcess(["setup", `--api-keys=${OTHER_KEY}`], sb.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("Unknown option '--api-keys=sk-or-v1-fed...3210'.");
  });
});
