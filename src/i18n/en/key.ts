// The API key: intake, shape and OpenRouter's verdict.
export const keyMessages = {
  "error.keyMissing": "No OpenRouter API key was given.",
  "error.keyTwoSources": "Give the key once: --api-key-file or --api-key, not both.",
  "error.keyFileUnreadable": "Cannot read the key file {path}: {reason}.",
  "error.keyFileMissing": "The key file {path} does not exist.",
  "error.keyFileFolder": "The key file {path} is a folder, not a file.",
  "error.keyFileEmpty": "The key file {path} is empty.",
  "error.keyStdinEmpty": "Nothing came on standard input (--api-key-file -).",
  "error.keyEnvEmpty": "OPENROUTER_API_KEY is set but holds no key (only spaces or quotes).",
  "error.keyFlagEmpty": "--api-key was given an empty key.",
  "error.keyEmpty": "The API key is empty.",
  "error.keyWhitespace": "The API key contains spaces or line breaks inside it.",
  "error.keyAnthropic": "This is an Anthropic API key (sk-ant-…), not an OpenRouter key.",
  "error.keyOpenAI": "This looks like an OpenAI API key (sk-…), not an OpenRouter key.",
  "error.keyJwt": "This is a JWT access token, not an OpenRouter API key.",
  "error.keyUnknown": "This does not look like an OpenRouter API key (they start with sk-or-v1-).",
  "error.keyRejected":
    'OpenRouter rejected the key: it is unknown to OpenRouter, or was deleted or disabled (OpenRouter said: "{message}").',
  "error.keyManagement": "This is a management key: it can manage keys but cannot be used for inference.",
  "error.keyExpired": "The key expired on {date}.",
  "hint.keyMissing":
    "Pass --api-key-file <path> (- reads stdin) or set OPENROUTER_API_KEY. Keys are made at https://openrouter.ai/settings/keys.",
  "hint.keyFilePath": "Check the path and pass the file that holds the key, or set {env} instead.",
  "hint.keyFileEmpty": "Put the key (it starts with sk-or-v1-) in the file, or set {env} instead.",
  "hint.keyFileUnreadable": "Check the file's permissions and owner, or set {env} instead.",
  "hint.keyStdinEmpty": "Pipe the key in (e.g. `cat key.txt | npx claude-desktop-openrouter --api-key-file -`), or set {env} instead.",
  "hint.keyEnvEmpty": "Put the key in OPENROUTER_API_KEY (or unset it and pass --api-key-file <path>).",
  "hint.keyFlagEmpty": "Pass the key in a file instead: --api-key-file <path> (or set OPENROUTER_API_KEY).",
  "hint.keyNew": "Create an OpenRouter API key at https://openrouter.ai/settings/keys and pass it again.",
  "hint.keyRejected":
    "The key is wrong, deleted, disabled or expired (OpenRouter also disables keys that leaked). Create a new one at https://openrouter.ai/settings/keys.",
  "warn.keyOnCommandLine":
    "--api-key puts the key in your shell history and the process list; prefer --api-key-file or OPENROUTER_API_KEY.",
  "warn.keyUnusual": "The key starts with sk-or- but does not look like a usual OpenRouter key (sk-or-v1- and 64 hex characters).",
  "warn.keyExpiresSoon": "The key expires soon ({date}).",
  "warn.keyCapUsedUp":
    "The key's spending cap is used up (${usage} of ${limit}, reset: {reset}); requests will fail with 402 until it resets or you raise it at https://openrouter.ai/settings/keys.",
  "warn.keyFreeTier": "This account has never bought credits; Claude models need credits (https://openrouter.ai/settings/credits).",
  "warn.keyNotChecked": "The key was not checked with OpenRouter (--skip-key-check).",
  "warn.balanceEmpty":
    "The account balance is {balance}: every request will fail with 402 until credits are added at https://openrouter.ai/settings/credits.",
} as const;
