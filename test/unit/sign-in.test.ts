// The pieces of the sign-in on their own: PKCE, the sign-in URL, the loopback callback server and
// its page, which opener each platform uses, and the keyboard while the tool waits.
import { request } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import type { Context } from "../../src/core/context.js";
import { Report } from "../../src/render/report.js";
import { drainInput, holdInput } from "../../src/core/terminal-input.js";
import { browserCommand } from "../../src/login/browser.js";
import { startCallbackServer } from "../../src/login/callback-server.js";
import { escapeHtml, renderPage } from "../../src/login/page.js";
import { createPkce, KEY_LABEL, keyLabel, s256, signInUrl } from "../../src/openrouter/oauth.js";
import { platformModule } from "../../src/platform/index.js";
import { stepContext } from "../helpers/prompt-script.js";

const settings = { settings: { baseUrl: "https://openrouter.ai/api", apiUrl: "https://openrouter.ai/api/v1" } } as Pick<
  Context,
  "settings"
>;

/** One GET with a chosen Host header; resolves with status and body, or the connection error's code. */
function get(host: string, port: number, path: string, hostHeader = `localhost:${port}`, method = "GET") {
  return new Promise<{ status?: number; body?: string; headers?: Record<string, unknown>; error?: string }>((resolve) => {
    const req = request({ host, port, path, method, headers: { host: hostHeader } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode, body, headers: res.headers }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? String(error) }));
    req.end();
  });
}

describe("PKCE and the sign-in URL", () => {
  it("S256 as RFC 7636 computes it, over a verifier of 32 random bytes", () => {
    expect(s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const a = createPkce();
    const b = createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a).toMatchObject({ method: "S256", challenge: s256(a.verifier) });
  });

  it("OpenRouter's /auth with the challenge, the key's label and, when asked, its cap and reset; without a callback the label alone", () => {
    const pkce = createPkce(Buffer.alloc(32, 7));
    const label = keyLabel({ hostname: "lee-mbp.local" });
    expect(label).toBe("Claude Desktop on lee-mbp (claude-desktop-openrouter)");
    expect(keyLabel({ hostname: "\u001b[31mx y" })).toBe("Claude Desktop on [31mxy (claude-desktop-openrouter)");
    expect(keyLabel({})).toBe(KEY_LABEL);
    const withCallback = new URL(signInUrl(settings, pkce, "http://localhost:5000/callback/abc", { label, limit: 20, reset: "weekly" }));
    expect(`${withCallback.origin}${withCallback.pathname}`).toBe("https://openrouter.ai/auth");
    expect(Object.fromEntries(withCallback.searchParams)).toEqual({
      callback_url: "http://localhost:5000/callback/abc",
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
      key_label: label,
      limit: "20",
      usage_limit_type: "weekly",
    });
    // A cap that never resets sends no reset period; no cap sends neither.
    const never = new URL(signInUrl(settings, pkce, "http://localhost:5000/callback/abc", { label, limit: 5, reset: "never" }));
    expect(never.searchParams.get("limit")).toBe("5");
    expect(never.searchParams.has("usage_limit_type")).toBe(false);
    const headless = new URL(signInUrl(settings, pkce));
    expect(Object.fromEntries(headless.searchParams)).toEqual({
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
      key_label: KEY_LABEL,
    });
    expect(headless.toString()).not.toContain(pkce.verifier);
  });

  it("lives on the origin the API calls go to (--base-url or the API test seam)", () => {
    const pkce = createPkce();
    const local = { settings: { baseUrl: "http://127.0.0.1:9/api", apiUrl: "http://127.0.0.1:9/api/v1" } } as Pick<Context, "settings">;
    expect(signInUrl(local, pkce).startsWith("http://127.0.0.1:9/auth?")).toBe(true);
  });
});

describe("the loopback callback server", () => {
  it("listens on 127.0.0.1 and ::1 on one port; a wrong path, host or method gets a 404 and the wait goes on", async () => {
    const { ctx } = await stepContext({}, "http://127.0.0.1:9/api/v1");
    const server = await startCallbackServer(ctx);
    try {
      const url = new URL(server.callbackUrl);
      expect(url.hostname).toBe("localhost");
      expect(url.pathname).toMatch(/^\/callback\/[A-Za-z0-9_-]{43}$/);
      expect(url.pathname).toBe(`/callback/${server.state}`);
      const settled = vi.fn();
      void server.outcome.then(settled);
      expect((await get("127.0.0.1", server.port, "/callback/other?code=x")).status).toBe(404);
      expect((await get("127.0.0.1", server.port, "/")).status).toBe(404);
      expect((await get("127.0.0.1", server.port, `${url.pathname}?code=x`, "evil.example:80")).status).toBe(404);
      expect((await get("127.0.0.1", server.port, `${url.pathname}?code=x`, undefined, "POST")).status).toBe(404);
      const notFound = await get("::1", server.port, "/favicon.ico", `[::1]:${server.port}`);
      expect(notFound.status).toBe(404);
      expect(notFound.body).toContain("This address is not part of the sign-in.");
      // Each wrong request was answered before its await returned: had it settled the wait, the
      // callback would have run by the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).not.toHaveBeenCalled();

      // The right path, over IPv6 as a browser resolving localhost to ::1 would come.
      const done = await get("::1", server.port, `${url.pathname}?code=the-code`, `localhost:${server.port}`);
      expect(done.status).toBe(200);
      expect(done.headers?.["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expect(done.headers?.["referrer-policy"]).toBe("no-referrer");
      expect(await server.outcome).toEqual({ code: "the-code" });
      // Answered once, then closed: the listener stops as the answer is settled, so the next
      // connection is refused at once (no wait).
      expect((await get("127.0.0.1", server.port, `${url.pathname}?code=again`)).error).toBe("ECONNREFUSED");
    } finally {
      await server.close();
    }
  });

  it("an error from OpenRouter settles the wait with it, and the page shows it escaped", async () => {
    const { ctx } = await stepContext({}, "http://127.0.0.1:9/api/v1");
    const server = await startCallbackServer(ctx);
    try {
      const path = new URL(server.callbackUrl).pathname;
      const page = await get("127.0.0.1", server.port, `${path}?error=${encodeURIComponent("<script>alert(1)</script>")}`);
      expect(page.status).toBe(400);
      expect(page.body).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
      expect(page.body).not.toContain("<script>");
      expect(await server.outcome).toEqual({ error: "<script>alert(1)</script>" });
    } finally {
      await server.close();
    }
  });

  it("a callback with a state that is not ours is answered 404 and ignored; ours (in the path, echoed or not) is taken", async () => {
    const { ctx } = await stepContext({}, "http://127.0.0.1:9/api/v1");
    const server = await startCallbackServer(ctx);
    try {
      const path = new URL(server.callbackUrl).pathname;
      const settled = vi.fn();
      void server.outcome.then(settled);
      const hostile = encodeURIComponent("\u001b[2J\u001b]0;pwned\u0007");
      for (const forged of [
        `${path}?state=wrong&error=${hostile}`,
        `${path}?state=${server.state}&state=wrong&code=x`,
        `${path}?state=${server.state.slice(1)}&code=x`,
        `${path}x?error=${hostile}`,
        `/callback/${server.state.toUpperCase()}?code=x`,
        `/callback?state=${server.state}&code=x`,
      ]) {
        const page = await get("127.0.0.1", server.port, forged);
        expect(page.status, forged).toBe(404);
        expect(page.body).not.toContain("pwned");
      }
      // Each page above came back after the server had dealt with its request: an outcome it
      // settled would have reached `settled` (a microtask) before the page did.
      expect(settled).not.toHaveBeenCalled();
      expect((await get("127.0.0.1", server.port, `${path}?state=${server.state}&code=real`)).status).toBe(200);
      expect(await server.outcome).toEqual({ code: "real" });
    } finally {
      await server.close();
    }
  });

  it("the sign-in URL carries the state for OpenRouter to send back", () => {
    const url = new URL(signInUrl(settings, createPkce(), "http://localhost:5000/callback/abc", undefined, "the-state"));
    expect(url.searchParams.get("state")).toBe("the-state");
    expect(new URL(signInUrl(settings, createPkce())).searchParams.has("state")).toBe(false);
  });

  it("a port that is taken is a login.port error", async () => {
    const { ctx } = await stepContext({}, "http://127.0.0.1:9/api/v1");
    const first = await startCallbackServer(ctx);
    try {
      await expect(startCallbackServer(ctx, first.port)).rejects.toMatchObject({
        code: "login.port",
        params: { reason: { key: "os.EADDRINUSE" } },
      });
    } finally {
      await first.close();
    }
  });

  it("the page is self-contained and in the user's language", async () => {
    const { ctx } = await stepContext({}, "http://127.0.0.1:9/api/v1", "zh-CN");
    const page = renderPage(ctx, "done");
    expect(page.html).toContain('<html lang="zh-CN">');
    expect(page.html).toContain("正在连接 Claude Desktop");
    expect(page.html).toContain("现在可以关闭此标签页。");
    expect(page.html).not.toMatch(/<script|<link|<img|src=|https?:\/\//);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
  });
});

describe("which program opens the page", () => {
  const ctxFor = (env: Record<string, string>) => ({ env, root: "/fake-root" }) as unknown as Context;

  it("BROWSER is a command line; the URL goes last", () => {
    expect(browserCommand("firefox")).toEqual({ file: "firefox", args: [] });
    expect(browserCommand("  /opt/chrome/chrome --new-window ")).toEqual({ file: "/opt/chrome/chrome", args: ["--new-window"] });
    expect(browserCommand("")).toBeNull();
    expect(browserCommand(undefined)).toBeNull();
  });

  it("each platform's opener under the system root, or why there is none", () => {
    expect(platformModule("darwin").browserOpener(ctxFor({}))).toEqual({ file: "/fake-root/usr/bin/open", args: [] });
    expect(platformModule("win32").browserOpener(ctxFor({}))).toEqual({
      file: "/fake-root/Windows/System32/rundll32.exe",
      args: ["url.dll,FileProtocolHandler"],
    });
    expect(platformModule("linux").browserOpener(ctxFor({ DISPLAY: ":0" }))).toEqual({ file: "/fake-root/usr/bin/xdg-open", args: [] });
    expect(platformModule("linux").browserOpener(ctxFor({ WAYLAND_DISPLAY: "wayland-0" }))).toMatchObject({ args: [] });
    expect(platformModule("linux").browserOpener(ctxFor({}))).toEqual({ unavailable: "no-display" });
    expect(platformModule("linux").browserOpener(ctxFor({ SSH_CONNECTION: "1 2 3 4" }))).toEqual({ unavailable: "ssh" });
    expect(platformModule("darwin").browserOpener(ctxFor({ SSH_TTY: "/dev/pts/1" }))).toEqual({ unavailable: "ssh" });
    expect(platformModule("win32").browserOpener(ctxFor({ SSH_CLIENT: "1 2 3" }))).toEqual({ unavailable: "ssh" });
  });
});

/** A stand-in terminal on stdin: raw mode recorded, bytes pushed as if typed. */
function fakeTerminal() {
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): void };
  stdin.isTTY = true;
  stdin.isRaw = false;
  stdin.setRawMode = (mode: boolean) => {
    stdin.isRaw = mode;
  };
  return stdin;
}

describe("the keyboard while the tool works", () => {
  it("during a spinner: raw mode (no echo), typed text thrown away, Ctrl-C handed on; restored afterwards", async () => {
    const { ctx, stderr } = await stepContext({}, "http://127.0.0.1:9/api/v1");
    const stdin = fakeTerminal();
    ctx.streams.stdin = stdin;
    stderr.isTTY = true;
    const interrupted = vi.fn();
    let rawDuring = false;
    await new Report(ctx).step(
      "step.checkKey",
      async () => {
        rawDuring = stdin.isRaw;
        stdin.write("sk-or-v1-typed-too-early\r");
        await new Promise((resolve) => setImmediate(resolve));
        expect(interrupted).not.toHaveBeenCalled();
        stdin.write("\u0003");
        await new Promise((resolve) => setImmediate(resolve));
      },
      {},
      interrupted,
    );
    expect(rawDuring).toBe(true);
    expect(interrupted).toHaveBeenCalledTimes(1);
    expect(stdin.isRaw).toBe(false);
    expect(stdin.read()).toBeNull();
    expect(stderr.text).not.toContain("typed-too-early");
  });

  it("a hold within a hold leaves the outer one holding", () => {
    const stdin = fakeTerminal();
    const outer = vi.fn();
    const releaseOuter = holdInput(stdin, outer);
    const releaseInner = holdInput(stdin, () => undefined);
    releaseInner();
    expect(stdin.isRaw).toBe(true);
    expect(stdin.readableFlowing).toBe(true);
    stdin.write("\u0003");
    expect(outer).toHaveBeenCalledTimes(1);
    releaseOuter();
    expect(stdin.isRaw).toBe(false);
    expect(stdin.readableFlowing).toBe(false);
  });

  it("before a question: what was typed is drained, and a Ctrl-C in it is reported", async () => {
    const stdin = fakeTerminal();
    stdin.write("y\r");
    expect(await drainInput(stdin)).toBe(false);
    expect(stdin.read()).toBeNull();
    expect(stdin.isRaw).toBe(false);
    stdin.write("\u0003");
    expect(await drainInput(stdin)).toBe(true);
    const plain = new PassThrough();
    plain.write("answer\n");
    expect(await drainInput(plain)).toBe(false);
    expect(String(plain.read())).toBe("answer\n");
    const release = holdInput(plain, () => undefined);
    release();
  });
});
