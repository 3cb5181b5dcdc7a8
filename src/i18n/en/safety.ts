// Guards around secrets and other people's things: credentials in the wrong option, another
// gateway's entry, files that are not ours to overwrite.
export const safetyMessages = {
  "error.optionHoldsCredential": "The value of {option} looks like an API key or token; it was not used. Only --api-key takes a key.",
  "hint.optionHoldsCredential": "Give the key with --api-key-file <path> (- reads it from stdin), or in OPENROUTER_API_KEY.",
  "error.foreignEntry":
    'The applied entry "{name}" belongs to another gateway ({host}): its key is not sent to OpenRouter, and no OpenRouter key was given.',
  "hint.foreignEntry":
    "Run `npx claude-desktop-openrouter setup` to apply the OpenRouter entry, or pass an OpenRouter key with --api-key-file <path>.",
  "warn.foreignEntry": 'The applied entry "{name}" belongs to another gateway ({host}): its key is not sent; using OPENROUTER_API_KEY.',
  "warn.foreignEntryModels": 'The applied entry "{name}" belongs to another gateway ({host}): the models pinned there are not marked.',
  "doctor.key.foreign": 'the applied entry "{name}" belongs to another gateway ({host}): its key is not sent to OpenRouter',
  "doctor.fix.foreignKey":
    "Run `{cmd} setup` to apply the OpenRouter entry; to check an OpenRouter key meanwhile, run `{cmd} status --api-key-file <path>`.",
} as const;
