// Bundled in place of zod's locales index (≈ 45 languages, ≈ 300 KB): zod configures English by
// default and this tool never switches zod's locale (its own messages come from src/i18n).
export { default as en } from "zod/v4/locales/en.js";
