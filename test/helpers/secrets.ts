import { MANAGEMENT_KEY, OTHER_KEY, SIGN_IN_KEY, TEST_KEY } from "./fixtures.js";

/** Every key the fake OpenRouter minted in this test file (team provision's member keys) → its key name. */
export const mintedKeys = new Map<string, string>();

/** Every secret a test run knows of: the test keys, the management key and every minted key. */
export function knownSecrets(): string[] {
  return [TEST_KEY, OTHER_KEY, SIGN_IN_KEY, MANAGEMENT_KEY, ...mintedKeys.keys()];
}

/** Fails when a secret appears in text the tool produced. */
export function assertNoSecret(text: string, where: string): void {
  for (const key of knownSecrets()) {
    if (text.includes(key)) throw new Error(`The API key appeared in ${where}`);
    // A key split across a line wrap or partially echoed is just as bad.
    if (text.includes(key.slice(9, 41))) throw new Error(`Part of the API key appeared in ${where}`);
  }
}
