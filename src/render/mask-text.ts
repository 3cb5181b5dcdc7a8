// A JSON file's text with the values `show` masks masked the same way (./mask.ts), every other
// byte kept: what a plan's diff shows.
import { type JSONPath, visit } from "jsonc-parser";
import { maskCredentials } from "../core/credentials.js";
import { maskKey } from "../openrouter/key.js";
import { maskString } from "./mask.js";

/**
 * The text of a JSON file with the same values masked as maskSettings masks, every other byte
 * kept (so a diff of two masked texts shows only the real changes), and the user's key, given as
 * `key`, masked wherever it appears. Linear in the text's length.
 */
export function maskJsonText(text: string, key?: string): string {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const parts: string[] = [];
  let copied = 0;
  let previous: { path: JSONPath; value: string } | null = null;
  visit(
    body,
    {
      onLiteralValue(value: unknown, offset: number, length: number, _line: number, _column: number, pathSupplier: () => JSONPath) {
        if (typeof value !== "string") {
          previous = null;
          return;
        }
        const path = pathSupplier();
        const index = path.at(-1);
        const sibling =
          typeof index === "number" &&
          previous !== null &&
          previous.path.length === path.length &&
          previous.path.every((part, i) => (i === path.length - 1 ? part === index - 1 : part === path[i]));
        const before = sibling ? previous?.value : undefined;
        previous = { path, value };
        const masked = maskString(value, path, before);
        if (masked === value) return;
        parts.push(body.slice(copied, offset), JSON.stringify(masked));
        copied = offset + length;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  parts.push(body.slice(copied));
  let out = parts.join("");
  if (key && key.length > 0) out = out.split(key).join(maskKey(key));
  // Property names and comments too: anything shaped like a credential.
  return bom + maskCredentials(out);
}
