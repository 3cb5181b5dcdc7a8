export { existingHosts } from "../../config/entry.js";
import { isClaudeShaped } from "../../openrouter/models.js";

/** Claude Desktop accepts claude-* and anthropic/claude-* names only (claude-desktop.md §8.1). */
export function isClaudeShapedName(name: string): boolean {
  return name.length > 0 && isClaudeShaped(name);
}
