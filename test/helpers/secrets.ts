import { OTHER_KEY, SIGN_IN_KEY, TEST_KEY } from "./fixtures.js";

/** Fails when a test key appears in text the tool produced. */
export function assertNoSecret(text: string, where: string): void {
  for (const key of [TEST_KEY, OTHER_KEY, SIGN_IN_KEY]) {
    if (text.includes(key)) throw new Error(`The API key appeared in ${where}`);
    // A key split across a line wrap or partially echoed is just as bad.
    if (text.includes(key.slice(9, 41))) throw new Error(`Part of the API key appeared in ${where}`);
  }
}
