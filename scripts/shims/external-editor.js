// Bundled in place of @inquirer/external-editor, which only the `editor` prompt uses (this tool
// never shows one). It brought chardet and iconv-lite (≈ 520 KB of encoding tables) along.
function unavailable() {
  throw new Error("The editor prompt is not part of claude-desktop-openrouter.");
}
export const edit = unavailable;
export const editAsync = unavailable;
export class ExternalEditor {
  constructor() {
    unavailable();
  }
}
