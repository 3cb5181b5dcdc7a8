/** The gateway base URL written for Claude Desktop unless --base-url says otherwise. */
export const DEFAULT_BASE_URL = "https://openrouter.ai/api";
