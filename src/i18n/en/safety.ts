// Guards around secrets and other people's things: credentials in the wrong option, another
// gateway's entry, files that are not ours to overwrite.
export const safetyMessages = {
  "error.optionHoldsCredential": "The value of {option} looks like an API key or token; it was not used. Only --api-key takes a key.",
  "hint.optionHoldsCredential": "Give the key with --api-key-file <path> (- reads it from stdin), or in OPENROUTER_API_KEY.",
} as const;
