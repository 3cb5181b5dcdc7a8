// Config trees and runs for doctor tests: a healthy OpenRouter configuration per simulated OS,
// written with the sandbox helper, that each test then breaks in one place.
import { mkdirSync } from "node:fs";
import { afterAll } from "vitest";
import { join } from "node:path";
import { createSandbox, ENTRY_ID, type Sandbox, type SimPlatform } from "./sandbox.js";
import { runInProcess, type InProcessRun } from "./in-process.js";
import { TEST_KEY } from "./fixtures.js";

export interface CheckJson {
  id: string;
  status: "ok" | "warn" | "error" | "skip";
  title: string;
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
}

export interface DoctorJson {
  ok: boolean;
  summary: { ok: number; warn: number; error: number; skip: number };
  checks: CheckJson[];
  fixes?: { id: string; description: string }[];
  backup?: string | null;
}

export function goodEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    inferenceProvider: "gateway",
    inferenceCredentialKind: "static",
    inferenceGatewayBaseUrl: "https://openrouter.ai/api",
    inferenceGatewayApiKey: TEST_KEY,
    inferenceGatewayAuthScheme: "bearer",
    deploymentDisplayName: "OpenRouter",
    coworkEgressAllowedHosts: ["github.com", "*.github.com", "registry.npmjs.org"],
    inferenceModels: [
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      { name: "anthropic/claude-haiku-4.5", anthropicFamilyTier: "haiku" },
    ],
    ...overrides,
  };
  for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete entry[k];
  return entry;
}

export interface ConfigOptions {
  entry?: Record<string, unknown>;
  /** Raw text for the entry file instead of an object. */
  entryText?: string;
  meta?: Record<string, unknown> | string | null;
  deploymentMode?: string | null;
  /** Lay out an installed app under the fake root. */
  app?: boolean;
}

/** Writes a healthy (or deliberately broken) configuration, owner-only like setup writes it. */
export function writeConfig(sb: Sandbox, options: ConfigOptions = {}): void {
  const p = sb.paths;
  mkdirSync(p.libDir, { recursive: true, mode: 0o700 });
  if (options.entryText !== undefined) sb.write(p.entry, options.entryText, 0o600);
  else sb.write(p.entry, options.entry ?? goodEntry(), 0o600);
  if (options.meta !== null)
    sb.write(p.meta, options.meta ?? { appliedId: ENTRY_ID, entries: [{ id: ENTRY_ID, name: "OpenRouter" }] }, 0o600);
  const mode = options.deploymentMode === undefined ? "3p" : options.deploymentMode;
  for (const file of [p.rootConfig1p, p.rootConfig3p]) sb.write(file, mode === null ? {} : { deploymentMode: mode }, 0o600);
  if (options.app !== false) installApp(sb);
}

export function installApp(sb: Sandbox): void {
  if (sb.platform === "linux") mkdirSync(join(sb.root, "usr", "lib", "claude-desktop"), { recursive: true });
  else if (sb.platform === "darwin") mkdirSync(join(sb.root, "Applications", "Claude.app"), { recursive: true });
  else {
    const dir = join(sb.home, "AppData", "Local", "AnthropicClaude");
    sb.write(join(dir, "claude.exe"), "");
    mkdirSync(join(dir, "app-1.2.3"), { recursive: true });
  }
}

export function sandboxWith(platform: SimPlatform, options: ConfigOptions = {}): Sandbox {
  const sb = createSandbox(platform);
  writeConfig(sb, options);
  return sb;
}

/** doctor --json in-process; returns the parsed document too. */
export async function doctor(
  sb: Sandbox,
  args: string[],
  env: Record<string, string> = {},
): Promise<InProcessRun & { doc: DoctorJson; check(id: string): CheckJson }> {
  const run = await runInProcess(["doctor", "--json", ...args], { ...sb.env, ...env });
  const doc = JSON.parse(run.stdout) as DoctorJson;
  return {
    ...run,
    doc,
    check(id: string) {
      const found = doc.checks.find((c) => c.id === id);
      if (!found) throw new Error(`check ${id} not in output: ${run.stdout}`);
      return found;
    },
  };
}

/** sandboxWith(), each machine removed after the file's tests. */
export function useMachines(): (...args: Parameters<typeof sandboxWith>) => Sandbox {
  const made: Sandbox[] = [];
  afterAll(() => {
    for (const s of made.splice(0)) s.cleanup();
  });
  return (...args) => {
    const s = sandboxWith(...args);
    made.push(s);
    return s;
  };
}
