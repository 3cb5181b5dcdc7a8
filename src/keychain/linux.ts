// Linux: the Secret Service (GNOME Keyring, KWallet's bridge, KeePassXC…) through libsecret's
// secret-tool, run by absolute path. `store` reads the secret from stdin; `lookup` prints it;
// `clear` removes it. A locked collection makes `lookup` fail silently, so the reason is asked of
// `search`, which lists the item without its secret and says "locked".
import { join } from "node:path";
import type { Context, RunResult } from "../core/context.js";
import { exists, systemPath } from "../core/paths.js";
import { posixShellQuote } from "../platform/shared.js";
import { KEYCHAIN_ACCOUNT, KEYCHAIN_LABEL, KEYCHAIN_SERVICE, STORE_TIMEOUT_MS, type KeyStoreModule, type StoreProblem } from "./types.js";
import { firstLine, posixHelperKeys, posixHelperPathOf, posixHelperText } from "./shared.js";

const SECRET_TOOL = "/usr/bin/secret-tool";
const ATTRIBUTES = ["service", KEYCHAIN_SERVICE, "account", KEYCHAIN_ACCOUNT];
/** A throwaway item of our own service, never the key's: written and removed by the probe. */
const PROBE_ATTRIBUTES = ["service", KEYCHAIN_SERVICE, "account", "probe"];

function tool(ctx: Context): string {
  return systemPath(ctx, SECRET_TOOL);
}

function missingTool(ctx: Context): StoreProblem {
  return { kind: "unavailable", detail: ctx.ui.t("keychain.detail.toolMissingInstall", { tool: tool(ctx), package: "libsecret-tools" }) };
}

function run(ctx: Context, args: string[], input?: string): Promise<RunResult> {
  return ctx.proc.run(tool(ctx), args, { timeoutMs: STORE_TIMEOUT_MS, ...(input !== undefined ? { input } : {}) });
}

/** A failure of secret-tool: locked, or the Secret Service did not answer (its message says which). */
function failure(ctx: Context, result: RunResult): StoreProblem {
  if (result.notFound) return missingTool(ctx);
  const detail = firstLine(result.stderr) || ctx.ui.t("keychain.detail.exit", { tool: "secret-tool", code: String(result.exitCode) });
  return { kind: /locked/i.test(detail) ? "locked" : "unavailable", detail };
}

export const linux: KeyStoreModule = {
  name: "keychain.store.linux",
  itemLabel: () => `Secret Service: service=${KEYCHAIN_SERVICE} account=${KEYCHAIN_ACCOUNT}`,
  async probe(ctx) {
    if (!(await exists(ctx, tool(ctx)))) return { available: false, detail: missingTool(ctx).detail };
    // "secret-tool exists" and even "search answers" say nothing about a locked collection or a
    // missing `login` one (both only fail on a write): a throwaway item is written, read back and
    // removed, as setup's own write would be. On a desktop a locked keyring asks to be unlocked here,
    // before anything else happened, rather than after the user confirmed the plan.
    const value = `probe-${ctx.clock.now().getTime().toString(36)}`;
    const stored = await run(ctx, ["store", "--label=claude-desktop-openrouter probe", ...PROBE_ATTRIBUTES], value);
    if (stored.exitCode !== 0) return { available: false, detail: failure(ctx, stored).detail };
    const back = await run(ctx, ["lookup", ...PROBE_ATTRIBUTES]);
    await run(ctx, ["clear", ...PROBE_ATTRIBUTES]);
    if (back.exitCode !== 0 || back.stdout.trim() !== value)
      return { available: false, detail: firstLine(back.stderr) || ctx.ui.t("keychain.detail.noReadBack") };
    return { available: true };
  },
  async read(ctx) {
    if (!(await exists(ctx, tool(ctx)))) return { ok: false, problem: missingTool(ctx) };
    const result = await run(ctx, ["lookup", ...ATTRIBUTES]);
    if (result.exitCode === 0 && result.stdout.trim() !== "") return { ok: true, key: result.stdout.trim() };
    if (result.notFound || firstLine(result.stderr)) return { ok: false, problem: failure(ctx, result) };
    const search = await run(ctx, ["search", ...ATTRIBUTES]);
    if (/locked/i.test(search.stderr)) return { ok: false, problem: { kind: "locked", detail: firstLine(search.stderr) } };
    return { ok: false, problem: { kind: "missing", detail: `${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}` } };
  },
  async write(ctx, key) {
    if (!(await exists(ctx, tool(ctx)))) return missingTool(ctx);
    const result = await run(ctx, ["store", `--label=${KEYCHAIN_LABEL}`, ...ATTRIBUTES], key);
    return result.exitCode === 0 ? null : failure(ctx, result);
  },
  async remove(ctx) {
    if (!(await exists(ctx, tool(ctx)))) return missingTool(ctx);
    const result = await run(ctx, ["clear", ...ATTRIBUTES]);
    return result.exitCode === 0 ? "removed" : failure(ctx, result);
  },
  helperFiles(ctx, stateDir) {
    const attributes = ATTRIBUTES.map(posixShellQuote).join(" ");
    const text = posixHelperText({
      store: "the Secret Service",
      tool: tool(ctx),
      read: ["lookup", ...ATTRIBUTES],
      // A locked keyring makes lookup fail without a word: search says "locked" (it never unlocks).
      why: [`[ -n "$problem" ] || problem=$("$tool" search ${attributes} 2>&1 >/dev/null)`, '[ -n "$problem" ] || problem="no item"'],
      missing: '*"no item"',
      locked: "*locked*",
    });
    return [{ path: join(stateDir, "keychain-helper.sh"), text }];
  },
  helperKeys: posixHelperKeys,
  helperPathOf: posixHelperPathOf,
  helperCommand: (_ctx, path) => ({ file: path, args: [] }),
  removeCommand: (ctx) => `${tool(ctx)} clear ${ATTRIBUTES.join(" ")}`,
};
