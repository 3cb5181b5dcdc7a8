// A stand-in browser for the sign-in tests, started by the tool as BROWSER (or by a fake system
// opener): it GETs the URL it is given last, follows redirects as a browser does, and appends one
// JSON line per page it ended on to the file named by its first argument. With --replay it also
// asks for the final address a second time, as a reloaded tab would; with --wrong-path it first
// knocks on a neighbouring address of the callback server; with --forge it first sends what another
// local user could (who can read the callback's address in the browser's arguments): an error full
// of escape sequences with a state that is not the tool's, and on a wrong path.
import { appendFileSync } from "node:fs";

const args = process.argv.slice(2);
const out = args[0];
const given = args.at(-1);
const replay = args.includes("--replay");
const wrongPath = args.includes("--wrong-path");
const forge = args.includes("--forge");
/** Clear the screen, set the window title, write the clipboard, a C1 CSI, a right-to-left override. */
const HOSTILE = "\u001b[2J\u001b]0;pwned-title\u0007\u001b]52;c;cHduZWQ=\u001b\\\u009b2Jforged\u202Eerror";

async function visit(address) {
  const response = await fetch(address, { redirect: "follow" });
  const record = {
    url: response.url,
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
  appendFileSync(out, `${JSON.stringify(record)}\n`);
  return record;
}

try {
  // The tool starts the browser at its loopback start address, which redirects once to the sign-in
  // page (asked for a second time, it stops the sign-in): follow it once, as a browser does.
  const url = new URL(given).pathname.startsWith("/start/") ? (await fetch(given, { redirect: "manual" })).headers.get("location") : given;
  if (wrongPath) {
    // Where the browser is sent: read the redirect, then try another path on the same server.
    const first = await fetch(url, { redirect: "manual" });
    const callback = new URL(first.headers.get("location"));
    await visit(new URL("/callback/guessed", callback).toString());
  }
  if (forge) {
    const first = await fetch(url, { redirect: "manual" });
    const callback = new URL(first.headers.get("location"));
    const forged = new URL(callback.pathname, callback);
    forged.searchParams.set("state", "not-the-state");
    forged.searchParams.set("error", HOSTILE);
    await visit(forged.toString());
    const wrong = new URL("/callback/guessed", callback);
    wrong.searchParams.set("error", HOSTILE);
    await visit(wrong.toString());
    const noCode = new URL(`${callback.pathname}x`, callback);
    noCode.searchParams.set("code", "forged-code");
    await visit(noCode.toString());
  }
  const page = await visit(url);
  if (replay) await visit(page.url).catch((error) => appendFileSync(out, `${JSON.stringify({ url: page.url, error: String(error) })}\n`));
} catch (error) {
  appendFileSync(out, `${JSON.stringify({ url: given, error: String(error) })}\n`);
  process.exitCode = 1;
}
