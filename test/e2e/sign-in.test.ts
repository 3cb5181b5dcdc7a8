// `setup --login`: signing in with OpenRouter (OAuth PKCE) with the built CLI against the loopback
// fake OpenRouter, from the first request to the written entry; the variant without a browser;
// the system openers under the simulated root; and every way it can fail, with nothing written.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { createFakeTools } from "../helpers/fake-tools.js";
import { SIGN_IN_KEY } from "../helpers/fixtures.js";
import { useSandboxes, type Sandbox, type SimPlatform } from "../helpers/sandbox.js";
import { codeFromPage, followerBrowser, signInUrlIn, spawnCli, waitForVisits } from "../helpers/sign-in.js";

const fake = useFakeOpenRouter();
const sandbox = useSandboxes();
afterEach(() => fake.reset());

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

function signInBox(platform: SimPlatform = "linux", env: Record<string, string> = {}): { box: Sandbox; out: string } {
  const box = sandbox(platform, { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, ...env });
  return { box, out: join(box.dir, "visits.jsonl") };
}

interface ErrorDoc {
  ok: false;
  error: { code: string; message: string; hint: string };
}

/** Sign-in runs after the confirmation, under the write lock: the lock's directory may exist, nothing else. */
function expectNothingWritten(box: Sandbox): void {
  expect(existsSync(box.paths.dataDir)).toBe(false);
  expect(existsSync(join(box.paths.stateDir, "state.json"))).toBe(false);
  expect(existsSync(join(box.paths.stateDir, "backups"))).toBe(false);
}

describe("setup --login --yes with a browser (BROWSER follows the page like a browser)", () => {
  it("signs in, exchanges the code with the S256 verifier, checks the minted key and writes it", async () => {
    const { box, out } = signInBox();
    const r = await box.run(["setup", "--login", "--yes"], { env: { BROWSER: followerBrowser(out) } });
    expect(r.exitCode, r.stderr).toBe(0);

    const seen = fake.requests.map((q) => `${q.method} ${q.path}`);
    // The models first (the plan needs them), then, the plan confirmed, the sign-in and the new key's check.
    expect(seen).toEqual(["GET /api/v1/models", "GET /auth", "POST /api/v1/auth/keys", "GET /api/v1/key"]);
    const [, auth, exchange] = fake.requests;
    const check = fake.requests.find((q) => q.path === "/api/v1/key");
    const callbackUrl = auth!.query.get("callback_url") ?? "";
    expect(callbackUrl).toMatch(/^http:\/\/localhost:\d+\/callback\/[A-Za-z0-9_-]{43}$/);
    expect(auth!.query.get("code_challenge_method")).toBe("S256");
    expect(auth!.query.get("key_label")).toMatch(/^Claude Desktop on .+ \(claude-desktop-openrouter\)$/);
    expect(auth!.query.has("limit")).toBe(false);
    const challenge = auth!.query.get("code_challenge") ?? "";
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The code and the verifier, no Authorization header (the user has no key yet).
    expect(exchange!.headers.authorization).toBeUndefined();
    const body = JSON.parse(exchange!.body) as { code: string; code_verifier: string; code_challenge_method: string };
    expect(body.code_challenge_method).toBe("S256");
    expect(body.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    expect(s256(body.code_verifier)).toBe(challenge);
    expect(check!.headers.authorization).toBe(`Bearer ${SIGN_IN_KEY}`);

    // The URL the user sees is the one OpenRouter got, and holds nothing secret.
    const printed = signInUrlIn(r.stderr);
    expect(printed).toBe(`${new URL(fake.apiUrl).origin}/auth?${auth!.query.toString()}`);
    expect(printed).not.toContain(body.code_verifier);
    expect(r.stderr).not.toContain(body.code_verifier);
    expect(r.stderr).toContain("Signed in with OpenRouter: a new key was created for Claude Desktop.");

    const [page] = await waitForVisits(out);
    expect(page).toMatchObject({ status: 200 });
    expect(page!.url.startsWith(`${callbackUrl}?code=`)).toBe(true);
    expect(page!.headers?.["content-type"]).toBe("text/html; charset=utf-8");
    expect(page!.headers?.["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; /);
    expect(page!.body).toContain('<html lang="en">');
    expect(page!.body).toContain("Claude Desktop is being connected");
    expect(page!.body).toContain("You can close this tab now.");
    expect(page!.body).not.toMatch(/<script|<link|<img|https?:\/\//);

    const entry = box.readJson<Record<string, unknown>>(box.paths.entry);
    expect(entry.inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
    expect(statSync(box.paths.entry).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain(`The key was created by signing in with OpenRouter (${auth!.query.get("key_label")}).`);
    expect(r.stdout).toContain("https://openrouter.ai/settings/keys");
  });

  it("--base-url at a loopback server points the whole sign-in there; --json says where the key came from", async () => {
    const box = sandbox("linux");
    const out = join(box.dir, "visits.jsonl");
    const r = await box.run(["setup", "--login", "--yes", "--json", "--base-url", fake.baseUrl], {
      env: { BROWSER: followerBrowser(out) },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fake.requests.map((q) => q.path)).toEqual(["/api/v1/models", "/auth", "/api/v1/auth/keys", "/api/v1/key"]);
    const doc = r.json<{ key: { source: string; masked: string } }>();
    expect(doc.key).toMatchObject({ source: "login", masked: "sk-or-v1-5ee...3e4f" });
    expect(box.readJson<Record<string, unknown>>(box.paths.entry)).toMatchObject({
      inferenceGatewayBaseUrl: fake.baseUrl,
      inferenceGatewayApiKey: SIGN_IN_KEY,
    });
  });

  it("a wrong path gets a 404 and the wait goes on; the callback answers once, a replay is refused", async () => {
    const { box, out } = signInBox();
    const r = await box.run(["setup", "--login", "--yes"], { env: { BROWSER: followerBrowser(out, "--wrong-path", "--replay") } });
    expect(r.exitCode, r.stderr).toBe(0);
    const [wrong, page, replay] = await waitForVisits(out, 3);
    expect(wrong).toMatchObject({ status: 404 });
    expect(wrong!.url).toMatch(/\/callback\/guessed$/);
    expect(wrong!.body).toContain("This address is not part of the sign-in.");
    expect(page).toMatchObject({ status: 200 });
    expect(page!.body).toContain("Claude Desktop is being connected");
    // The same address again: the server answered once and closed, or says it is not there.
    expect(replay!.status === 404 || replay!.error !== undefined).toBe(true);
    expect(fake.requests.filter((q) => q.path === "/api/v1/auth/keys")).toHaveLength(1);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
  });

  it("a forged callback (another state, another path, escape sequences) is answered, ignored and never shown; the real one completes", async () => {
    const { box, out } = signInBox();
    const r = await box.run(["setup", "--login", "--yes"], { env: { BROWSER: followerBrowser(out, "--forge") } });
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = await waitForVisits(out, 4);
    expect(seen.slice(0, 3).map((v) => v.status)).toEqual([404, 404, 404]);
    for (const visit of seen.slice(0, 3)) expect(visit.body).not.toContain("forged");
    expect(seen[3]).toMatchObject({ status: 200 });
    // Nothing the forgeries carried reached the terminal, not even as text.
    expect(r.stderr + r.stdout).not.toMatch(/forged|pwned|cHduZWQ/);
    expect(r.stderr + r.stdout).not.toMatch(CONTROL_BUT_NEWLINE);
    expect(fake.requests.filter((q) => q.path === "/api/v1/auth/keys")).toHaveLength(1);
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
  });

  it("the browser's start address answers once: opened a second time, the sign-in stops (login.intercepted)", async () => {
    const { box, out } = signInBox();
    // A "browser" that knocks on the start address first, as another local user reading its command line could.
    const knock = join(box.dir, "knock.mjs");
    writeFileSync(
      knock,
      [
        'import { appendFileSync } from "node:fs";',
        "const start = process.argv.at(-1);",
        'await fetch(start, { redirect: "manual" });',
        'const again = await fetch(start, { redirect: "manual" });',
        `appendFileSync(${JSON.stringify(out)}, JSON.stringify({ url: start, status: again.status }) + "\\n");`,
      ].join("\n"),
    );
    const r = await box.run(["setup", "--login", "--yes", "--json"], { env: { BROWSER: `${process.execPath} ${knock}` } });
    expect(r.exitCode).toBe(1);
    expect(r.json<ErrorDoc>().error.code).toBe("login.intercepted");
    expect((await waitForVisits(out))[0]).toMatchObject({ status: 404 });
    expect(fake.requests.some((q) => q.path === "/api/v1/auth/keys")).toBe(false);
    expectNothingWritten(box);
  });

  it("the sign-in page is asked for with our state; a callback that carries it back is taken", async () => {
    fake.oauth.echoState = true;
    const { box, out } = signInBox();
    const r = await box.run(["setup", "--login", "--yes"], { env: { BROWSER: followerBrowser(out) } });
    expect(r.exitCode, r.stderr).toBe(0);
    const [page] = await waitForVisits(out);
    const state = new URL(page!.url).searchParams.get("state");
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new URL(page!.url).pathname).toBe(`/callback/${state}`);
  });

  it("the fake OpenRouter, like the real one, refuses a code exchanged twice", async () => {
    const { box, out } = signInBox();
    expect((await box.run(["setup", "--login", "--yes"], { env: { BROWSER: followerBrowser(out) } })).exitCode).toBe(0);
    const exchange = fake.requests.find((q) => q.path === "/api/v1/auth/keys")!;
    const again = await fetch(`${fake.apiUrl}/auth/keys`, {
      method: "POST",
      body: exchange.body,
      headers: { "content-type": "application/json" },
    });
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({ error: { code: 403, message: "Invalid code or code_verifier" } });
  });
});

describe("setup --login --no-browser: the code shown on the page, pasted", () => {
  it("names the key, has no callback, and takes the code as one line on stdin", async () => {
    const { box } = signInBox();
    const cli = spawnCli(["setup", "--login", "--no-browser", "--yes"], box.env);
    const [url] = await cli.waitForStderr(/https?:\/\/\S+\/auth\?\S+/);
    // The question that takes the code is asked once the page has been named.
    await cli.waitForStderr(/OpenRouter then shows a code: paste it here\./);
    expect(cli.stderr()).toContain("Open this page in a browser on any device");
    const query = new URL(url).searchParams;
    expect(query.has("callback_url")).toBe(false);
    expect(query.get("key_label")).toMatch(/^Claude Desktop on .+ \(claude-desktop-openrouter\)$/);
    expect(query.get("code_challenge_method")).toBe("S256");
    cli.write(`${await codeFromPage(url)}\n`);
    const r = await cli.done;
    expect(r.exitCode, r.stderr).toBe(0);
    const exchange = fake.requests.find((q) => q.path === "/api/v1/auth/keys")!;
    expect(exchange.headers.authorization).toBeUndefined();
    expect(s256(JSON.parse(exchange.body).code_verifier)).toBe(query.get("code_challenge"));
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
  });

  it("no code at all is a usage error, nothing written", async () => {
    const { box } = signInBox();
    const r = await box.run(["setup", "--login", "--no-browser", "--yes", "--json"], { input: "\n" });
    expect(r.exitCode).toBe(2);
    expect(r.json<ErrorDoc>().error.code).toBe("login.no-code");
    expectNothingWritten(box);
  });
});

describe("the system's own browser opener, under the simulated root", () => {
  const cases: [SimPlatform, string, Record<string, string>, string[]][] = [
    ["linux", "/usr/bin/xdg-open", { DISPLAY: ":0" }, []],
    ["darwin", "/usr/bin/open", {}, []],
    ["win32", "/Windows/System32/rundll32.exe", {}, ["url.dll,FileProtocolHandler"]],
  ];
  it.each(cases)(
    "%s: %s gets the loopback start address as its last argument, and no secret or state",
    async (platform, tool, env, before) => {
      const { box, out } = signInBox(platform, env);
      const tools = createFakeTools(join(box.dir, "tools"));
      tools.install(
        join(box.root, tool),
        tool,
        `for a; do last="$a"; done\nexec '${process.execPath}' '${followerBrowser(out).split(" ")[1]}' '${out}' "$last"`,
      );
      const r = await box.run(["setup", "--login", "--yes"]);
      expect(r.exitCode, r.stderr).toBe(0);
      const [call] = tools.calls();
      // Not the sign-in page's address (it holds the callback's state): the loopback start address.
      expect(call?.args.slice(0, -1)).toEqual(before);
      const started = new URL(call!.args.at(-1)!);
      expect(`${started.protocol}//${started.hostname}`).toBe("http://localhost");
      expect(started.pathname).toMatch(/^\/start\/[A-Za-z0-9_-]{43}$/);
      expect(started.search).toBe("");
      const state = new URL(new URL(signInUrlIn(r.stderr)!).searchParams.get("callback_url")!).pathname.split("/").at(-1)!;
      expect(call!.args.join(" ")).not.toContain(state);
      expect(Object.keys(call!.env).filter((name) => /KEY|TOKEN|SECRET/i.test(name))).toEqual([]);
      expect((await waitForVisits(out))[0]?.body).toContain("Claude Desktop is being connected");
      expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
    },
  );

  it("an opener that fails is reported, and the wait goes on until the link is opened by hand", async () => {
    const { box } = signInBox("linux", { DISPLAY: ":0" });
    createFakeTools(join(box.dir, "tools")).install(join(box.root, "/usr/bin/xdg-open"), "xdg-open", "exit 3");
    const cli = spawnCli(["setup", "--login", "--yes"], box.env);
    await cli.waitForStderr(/No browser could be opened \(xdg-open exited with code 3\)/);
    const url = signInUrlIn(cli.stderr())!;
    expect((await (await fetch(url)).text()).includes("Claude Desktop is being connected")).toBe(true);
    const r = await cli.done;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("--login --no-browser");
    expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);
  });
});

describe("each failure of the sign-in has its own message, and writes nothing", () => {
  async function failing(
    env: Record<string, string>,
    code: string,
    args: string[] = [],
  ): Promise<{ box: Sandbox; doc: ErrorDoc; stderr: string }> {
    const { box, out } = signInBox();
    const r = await box.run(["setup", "--login", "--yes", "--json", ...args], { env: { BROWSER: followerBrowser(out), ...env } });
    expect(r.exitCode, r.stderr).toBe(code === "usage" ? 2 : 1);
    const doc = r.json<ErrorDoc>();
    expect(doc.error.code).toBe(code);
    expectNothingWritten(box);
    // A stand-in browser that was sent to the sign-in page writes what it saw there, maybe after
    // the run ended: its sandbox goes once it has.
    if (fake.requests.some((q) => q.path === "/auth")) await waitForVisits(out);
    return { box, doc, stderr: r.stderr };
  }

  it("an error from OpenRouter holding escape sequences is shown without them", async () => {
    fake.oauth.deny = "\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;cHduZWQ=\u0007\u009b2Jaccess\u202E_denied";
    const { doc, box } = await failing({}, "login.denied");
    expect(doc.error.message).toContain('OpenRouter reported "access_denied"');
    const human = await box.run(["setup", "--login", "--yes"], { env: { BROWSER: followerBrowser(join(box.dir, "v2.jsonl")) } });
    // The stand-in browser records its page after the tool has its answer: let it finish writing
    // into the sandbox before the sandbox is removed.
    await waitForVisits(join(box.dir, "v2.jsonl"));
    expect(human.exitCode).not.toBe(0);
    expect(human.stderr).toContain('OpenRouter reported "access_denied"');
    expect(human.stderr + human.stdout).not.toMatch(CONTROL_BUT_NEWLINE);
    expect(human.stderr).not.toContain("pwned");
  });

  it("access denied in the browser: the error page, no exchange", async () => {
    fake.oauth.deny = "access_denied";
    const { box, doc } = await failing({}, "login.denied");
    expect(doc.error.message).toContain('OpenRouter reported "access_denied"');
    const [page] = await waitForVisits(join(box.dir, "visits.jsonl"));
    expect(page).toMatchObject({ status: 400 });
    expect(page!.body).toContain("The sign-in did not complete");
    expect(page!.body).toContain("access_denied");
    expect(fake.requests.some((q) => q.path === "/api/v1/auth/keys")).toBe(false);
  });

  it("the code expired (403)", async () => {
    fake.oauth.codeTtlMs = -1;
    const { doc } = await failing({}, "login.code-expired");
    expect(doc.error.message).toContain("Authorization code expired");
    expect(doc.error.hint).toContain("Run the command again");
  });

  it("the code was already used or does not match (403)", async () => {
    fake.routes["POST /api/v1/auth/keys"] = { status: 403, body: { error: { code: 403, message: "Invalid code or code_verifier" } } };
    const { doc } = await failing({}, "login.code-invalid");
    expect(doc.error.message).toContain("a code works once");
  });

  it("the challenge method differs (400)", async () => {
    fake.routes["POST /api/v1/auth/keys"] = { status: 400, body: { error: { code: 400, message: "Invalid code_challenge_method" } } };
    const { doc } = await failing({}, "login.method-mismatch");
    expect(doc.error.message).toContain("Invalid code_challenge_method");
  });

  it("the exchange times out", async () => {
    fake.routes["POST /api/v1/auth/keys"] = { after: new Promise(() => undefined), body: { key: SIGN_IN_KEY } };
    const { doc } = await failing({ CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS: "400" }, "login.exchange-timeout");
    expect(doc.error.message).toBe("OpenRouter did not answer the key exchange within 0.4 s.");
  });

  it("the local port cannot be bound: no sign-in request at all", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const { doc } = await failing({ CLAUDE_DESKTOP_OPENROUTER_CALLBACK_PORT: String(port) }, "login.port");
      expect(doc.error.message).toContain("the port is already in use");
      expect(doc.error.hint).toContain("--login --no-browser");
      // Only the model list the plan needed: no sign-in page, no key.
      expect(fake.requests.map((q) => q.path)).toEqual(["/api/v1/models"]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("nobody signs in: no browser here (no display), the link shown, and the wait ends with the code's lifetime", async () => {
    const { box } = signInBox();
    const r = await box.run(["setup", "--login", "--yes"], { env: { CLAUDE_DESKTOP_OPENROUTER_LOGIN_TIMEOUT_MS: "600" } });
    expect(r.exitCode).toBe(1);
    expect(signInUrlIn(r.stderr)).toBeDefined();
    expect(r.stderr).toContain("No browser could be opened (no graphical display in this session)");
    expect(r.stderr).toContain("Waiting for the browser… (Ctrl-C to cancel)");
    expect(r.stderr).toContain("The sign-in was not completed in the browser within 0.6 s");
    expectNothingWritten(box);
  });

  it("a missing opener is said, and the wait goes on until it ends", async () => {
    const { box } = signInBox("linux", { DISPLAY: ":0" });
    const r = await box.run(["setup", "--login", "--yes"], { env: { CLAUDE_DESKTOP_OPENROUTER_LOGIN_TIMEOUT_MS: "600" } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("No browser could be opened (xdg-open could not be started: no such file or folder)");
    expect(r.stderr).toContain("within 0.6 s");
    expectNothingWritten(box);
  });

  it("--login with a key option, or --no-browser without --login, is a usage error", async () => {
    const { box } = signInBox();
    const both = await box.run(["setup", "--login", "--api-key-file", "key.txt", "--yes"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("--login signs in for a new key");
    const alone = await box.run(["setup", "--no-browser", "--yes"]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain("--no-browser only changes how --login signs in");
    expect(fake.requests).toHaveLength(0);
    expectNothingWritten(box);
  });
});
