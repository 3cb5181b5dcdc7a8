import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES}openrouter/${name}`, "utf8"));
}

/** The key every test uses; suite-wide checks look for it in everything the tool prints. */
export const TEST_KEY = `sk-or-v1-${"0123456789abcdef".repeat(4)}`;
export const OTHER_KEY = `sk-or-v1-${"fedcba9876543210".repeat(4)}`;
/** The management key the team tests use: it may reach only /key, /keys… and /credits. */
export const MANAGEMENT_KEY = `sk-or-v1-${"a5b4c3d2e1f00f1e".repeat(4)}`;
/** The key the fake OpenRouter mints when someone signs in (setup --login): it must never leak either. */
export const SIGN_IN_KEY = `sk-or-v1-${"5eed0a0b1c2d3e4f".repeat(4)}`;
