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
  "help.exportForce": "overwrite an existing file at --out (a symbolic link or a directory is never overwritten)",
  "error.exportOutExists": "{path} already exists; nothing was written.",
  "hint.exportOutExists": "Add --force to replace it, or choose another --out.",
  "prompt.exportOverwrite": "{path} already exists. Replace it?",
  "error.exportOutSymlink": "{path} is a symbolic link; export never writes through a link, so nothing was written.",
  "hint.exportOutSymlink": "Remove the link or choose another --out.",
  "error.exportOutNotFile": "{path} is a directory or another special file, not a file export can write.",
  "error.exportOutDirMissing": "The folder {dir} (for --out {path}) does not exist; export does not create folders.",
  "hint.exportOutDirMissing": "Check the path, or create the folder first.",
  "hint.exportOutNotFile": "Name a file with --out, for example {path}/claude.reg.",
  "error.exportWriteFailed": "Could not write {path} ({reason}); nothing was written.",
  "hint.exportWriteFailed": "Check that the directory exists and is writable, or choose another --out.",
  "error.exportOrganization": "The organization name {value} holds a control character.",
  "hint.exportOrganization": 'Give --organization as plain text, for example "Example Corp".',
  "error.exportRegValue": "{key} holds a line break or a NUL character, which a .reg file cannot hold.",
  "hint.exportRegValue": "Remove it from the value, or export another --format.",
  "error.keyControl": "The key {masked} holds a control character (a NUL, a line break in the middle, …): it is not a valid key.",
  "error.seamInvalid": "{name}={value} is not valid: expected {expected}.",
  "hint.seamInvalid": "This variable is a test seam for contributors; unset it for normal use.",
} as const;
