// macOS: the login Keychain through /usr/bin/security, run by absolute path. The key never goes in
// an argument: `security -i` reads its command lines from stdin, so the add-generic-password line
// with `-w <key>` is sent there, quoted for security's own line parser. `-T /usr/bin/security`
// lets the helper (which runs that same tool) read the item without a prompt.
import { join } from "node:path";
import type { Context, RunResult } from "../core/context.js";
import { exists, systemPath } from "../core/paths.js";
import { KEYCHAIN_ACCOUNT, KEYCHAIN_LABEL, KEYCHAIN_SERVICE, STORE_TIMEOUT_MS, type KeyStoreModule, type StoreProblem } from "./types.js";
import { firstLine, posixHelperKeys, posixHelperPathOf, posixHelperText } from "./shared.js";

const SECURITY = "/usr/bin/security";
const ITEM = ["-s", KEYCHAIN_SERVICE, "-a", KEYCHAIN_ACCOUNT];
/** security exits with the low byte of the Security framework's status. */
const NOT_FOUND = 44; // errSecItemNotFound (-25300)
const LOCKED_EXITS = [36, 51]; // errSecInteractionNotAllowed (-25308), errSecAuthFailed (-25293)

function tool(ctx: Context): string {
  return systemPath(ctx, SECURITY);
}

function missingTool(ctx: Context): StoreProblem {
  return { kind: "unavailable", detail: ctx.ui.t("keychain.detail.toolMissing", { tool: tool(ctx) }) };
}

/**
 * One argument as security's interactive parser reads it: in double quotes, with a backslash
 * before every backslash and double quote.
 */
export function securityQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function failure(ctx: Context, result: RunResult): StoreProblem {
  if (result.notFound) return missingTool(ctx);
  const detail = firstLine(result.stderr) || ctx.ui.t("keychain.detail.exit", { tool: "security", code: String(result.exitCode) });
  if (result.exitCode === NOT_FOUND || /could not be found/i.test(detail)) return { kind: "missing", detail };
  if (LOCKED_EXITS.includes(result.exitCode) || /interaction is not allowed|locked/i.test(detail)) return { kind: "locked", detail };
  return { kind: "unavailable", detail };
}

export const darwin: KeyStoreModule = {
  name: "keychain.store.darwin",
  itemLabel: () => `login Keychain: service=${KEYCHAIN_SERVICE} account=${KEYCHAIN_ACCOUNT}`,
  async probe(ctx) {
    if (!(await exists(ctx, tool(ctx)))) return { available: false, detail: missingTool(ctx).detail };
    const result = await ctx.proc.run(tool(ctx), ["default-keychain"], { timeoutMs: 10_000 });
    if (result.exitCode !== 0) return { available: false, detail: failure(ctx, result).detail };
    return { available: true };
  },
  async read(ctx) {
    if (!(await exists(ctx, tool(ctx)))) return { ok: false, problem: missingTool(ctx) };
    const result = await ctx.proc.run(tool(ctx), ["find-generic-password", ...ITEM, "-w"], { timeoutMs: STORE_TIMEOUT_MS });
    if (result.exitCode === 0 && result.stdout.trim() !== "") return { ok: true, key: result.stdout.trim() };
    return { ok: false, problem: failure(ctx, result) };
  },
  async write(ctx, key) {
    if (!(await exists(ctx, tool(ctx)))) return missingTool(ctx);
    const line = ["add-generic-password", "-U", ...ITEM, "-l", KEYCHAIN_LABEL, "-T", tool(ctx), "-w", key]
      .map((arg, i) => (i === 0 ? arg : securityQuote(arg)))
      .join(" ");
    const result = await ctx.proc.run(tool(ctx), ["-i"], { input: `${line}\n`, timeoutMs: STORE_TIMEOUT_MS });
    // In interactive mode a failed command is reported on stderr ("…: returned N") and sets the exit code.
    return result.exitCode === 0 && !/returned -?\d+/.test(result.stderr) ? null : failure(ctx, result);
  },
  async remove(ctx) {
    if (!(await exists(ctx, tool(ctx)))) return missingTool(ctx);
    const result = await ctx.proc.run(tool(ctx), ["delete-generic-password", ...ITEM], { timeoutMs: STORE_TIMEOUT_MS });
    if (result.exitCode === 0) return "removed";
    const problem = failure(ctx, result);
    return problem.kind === "missing" ? "missing" : problem;
  },
  helperFiles(ctx, stateDir) {
    const text = posixHelperText({
      store: "the login Keychain",
      tool: tool(ctx),
      read: ["find-generic-password", ...ITEM, "-w"],
      missing: `${NOT_FOUND}:* | *"could not be found"*`,
      locked: `${LOCKED_EXITS.map((code) => `${code}:*`).join(" | ")} | *"nteraction is not allowed"* | *locked*`,
    });
    return [{ path: join(stateDir, "keychain-helper.sh"), text }];
  },
  helperKeys: posixHelperKeys,
  helperPathOf: posixHelperPathOf,
  helperCommand: (_ctx, path) => ({ file: path, args: [] }),
  removeCommand: (ctx) => `${tool(ctx)} delete-generic-password ${ITEM.join(" ")}`,
};
