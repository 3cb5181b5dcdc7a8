// Claude Desktop's main.log: which third-party lines it holds (docs/claude-desktop.md#logs).
// `readAppLog(ctx)` is what doctor's `app.log` check calls; `classifyLog(text)` is pure.
import { join } from "node:path";
import type { Context } from "../core/context.js";
import { resolveTargets, type ResolvedTargets } from "../config/targets.js";
import { constants } from "node:fs";

export type LogFindingKind = "active" | "credentials" | "api-host" | "invalid" | "ignored" | "managed" | "models";

export interface LogFinding {
  kind: LogFindingKind;
  /** The log line as written (already free of secrets: the app never logs the key). */
  line: string;
  provider?: string;
  apiHost?: string;
  /** invalid: the failing field and the app's message. */
  field?: string;
  message?: string;
  /** ignored: the key the app dropped. managed: the key names it listed. */
  key?: string;
  keys?: string[];
  /** models: what discovery said ("HTTP 401", "no usable models"). */
  detail?: string;
}

/**
 * What the newest start said, in one word:
 * - `active`: `3P mode active` (gateway mode is on; `provider`/`apiHost` say with what);
 * - `invalid`: `Invalid custom3p enterprise config: <field>: <message>` (3P not entered);
 * - `managed`: `Managed MDM config detected` (the local library is ignored);
 * - `unknown`: none of these lines (yet).
 * When several appear, the last decisive line wins (the log accumulates across launches).
 */
export type LogStatus = "active" | "invalid" | "managed" | "unknown";

export interface LogSummary {
  status: LogStatus;
  provider: string | null;
  apiHost: string | null;
  invalid: { field: string; message: string } | null;
  ignoredKeys: string[];
  managedKeys: string[] | null;
  modelProblems: string[];
  findings: LogFinding[];
}

const PATTERNS: { kind: LogFindingKind; re: RegExp; build: (m: RegExpExecArray) => Partial<LogFinding> }[] = [
  {
    kind: "active",
    re: /\[custom-3p\] 3P mode active(?:\s*\{[^}]*provider:\s*'([^']*)')?/,
    build: (m) => (m[1] ? { provider: m[1] } : {}),
  },
  {
    kind: "credentials",
    re: /\[custom-3p\] Credentials loaded from managed config(?:\s*\{[^}]*provider:\s*'([^']*)')?/,
    build: (m) => (m[1] ? { provider: m[1] } : {}),
  },
  { kind: "api-host", re: /\[custom-3p\] inference apiHost=(\S+)/, build: (m) => ({ apiHost: m[1]! }) },
  {
    kind: "invalid",
    re: /Invalid custom3p enterprise config:\s*([^:]+?):\s*(.*)$/,
    build: (m) => ({ field: m[1]!.trim(), message: m[2]!.trim() }),
  },
  { kind: "invalid", re: /Invalid custom3p enterprise config:?\s*(.*)$/, build: (m) => ({ field: "", message: m[1]!.trim() }) },
  { kind: "ignored", re: /Ignoring local configuration value "([^"]+)"/, build: (m) => ({ key: m[1]! }) },
  {
    kind: "managed",
    re: /Managed MDM config detected(.*)$/,
    build: (m) => ({ keys: [...(m[1] ?? "").matchAll(/'([^']+)'|"([^"]+)"/g)].map((k) => k[1] ?? k[2]!).filter(Boolean) }),
  },
  { kind: "models", re: /Gateway \/v1\/models (returned HTTP \d+|returned no usable models)/, build: (m) => ({ detail: m[1]! }) },
];

/** Classifies main.log text; pure, for doctor and tests. */
export function classifyLog(text: string): LogSummary {
  const summary: LogSummary = {
    status: "unknown",
    provider: null,
    apiHost: null,
    invalid: null,
    ignoredKeys: [],
    managedKeys: null,
    modelProblems: [],
    findings: [],
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (!line) continue;
    for (const pattern of PATTERNS) {
      const m = pattern.re.exec(line);
      if (!m) continue;
      const finding: LogFinding = { kind: pattern.kind, line, ...pattern.build(m) };
      summary.findings.push(finding);
      switch (finding.kind) {
        case "active":
          summary.status = "active";
          summary.invalid = null;
          if (finding.provider) summary.provider = finding.provider;
          break;
        case "credentials":
          if (finding.provider) summary.provider = finding.provider;
          break;
        case "api-host":
          summary.apiHost = finding.apiHost ?? null;
          break;
        case "invalid":
          summary.status = "invalid";
          summary.invalid = { field: finding.field ?? "", message: finding.message ?? "" };
          break;
        case "ignored":
          if (finding.key && !summary.ignoredKeys.includes(finding.key)) summary.ignoredKeys.push(finding.key);
          break;
        case "managed":
          summary.status = "managed";
          summary.managedKeys = finding.keys ?? [];
          break;
        case "models":
          if (finding.detail) summary.modelProblems.push(finding.detail);
          break;
      }
      break;
    }
  }
  return summary;
}

export interface LogFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The newest main.log among the platform's 3P log directories, or null when there is none. */
export async function newestMainLog(ctx: Context, resolved?: ResolvedTargets): Promise<LogFile | null> {
  const targets = resolved ?? (await resolveTargets(ctx));
  let newest: LogFile | null = null;
  for (const dir of targets.platform.logDirs(ctx, targets.dataDirs)) {
    const path = join(dir, "main.log");
    try {
      const st = await ctx.fs.stat(path);
      if (!st.isFile()) continue;
      if (!newest || st.mtimeMs > newest.mtimeMs) newest = { path, size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      // not there
    }
  }
  return newest;
}

/** Reads a log from a byte offset (the tail written since then); at most the last 1 MiB. */
export async function readLogFrom(ctx: Context, path: string, offset = 0): Promise<string> {
  // Never blocks on a FIFO put in the log's place; only a regular file is read.
  const handle = await ctx.fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return "";
    const { size } = stat;
    const start = size < offset ? 0 : Math.max(offset, size - 1024 * 1024);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}

export interface AppLogReport extends LogSummary {
  path: string;
  modifiedAt: string;
}

/**
 * For doctor: the newest 3P main.log and what its third-party lines say, or null when no log
 * exists (the app never ran in 3P mode on this profile).
 */
/** The newest main.log, classified; `targets` when the caller already resolved them. */
export async function readAppLog(ctx: Context, targets?: ResolvedTargets): Promise<AppLogReport | null> {
  const log = await newestMainLog(ctx, targets);
  if (!log) return null;
  const text = await readLogFrom(ctx, log.path, 0);
  return { path: log.path, modifiedAt: new Date(log.mtimeMs).toISOString(), ...classifyLog(text) };
}
