// The display-width library, which render/style.ts loads the first time it measures text beyond
// the characters it counts itself (printable ASCII and the tool's own marks). Building its Unicode
// tables costs more than most runs' own work, and most runs never need them. In the bundle this
// module is replaced by one that requires dist/width.js, a file of its own (scripts/build.mjs),
// so that the tables are built only when this is called.
import stringWidth from "fast-string-width";

export function loadWidthLibrary(): (text: string) => number {
  return stringWidth;
}
