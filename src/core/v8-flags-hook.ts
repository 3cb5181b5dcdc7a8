/** Where the launcher offers to set V8 flags for the CLI (a global: the two are bundled apart). */
export const V8_FLAGS_HOOK = Symbol.for("claude-desktop-openrouter.setV8Flags");
