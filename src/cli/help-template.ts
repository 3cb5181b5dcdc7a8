// Help as a template, so that bin/ can answer `--help` without loading commander: the build
// renders each command's help through commander with the two steps that depend on the terminal's
// width (an item's wrapped description, the wrapped command description) left as markers, and
// `expandHelp` completes them at the width it finds, the way commander's Help does.
// test/unit/fast-help.test.ts proves the result equals commander's at several widths.

/** Marks an item or a wrapped text; JSON never holds a raw NUL, so a marker cannot be confused. */
const MARK = "\u0000";

/** commander's Help.minWidthToWrap: narrower than this, nothing is wrapped. */
const MIN_WIDTH_TO_WRAP = 40;

/** The two width-dependent steps of commander's help (Help.formatItem and Help.boxWrap), recorded instead of done. */
export const templateSteps = {
  formatItem: (term: string, termWidth: number, description: string) => `${MARK}I${JSON.stringify([term, termWidth, description])}${MARK}`,
  boxWrap: (text: string) => `${MARK}W${JSON.stringify(text)}${MARK}`,
};

/** commander's Help.boxWrap: wraps at whitespace, keeping the line breaks there are. */
function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const wrapped: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      wrapped.push("");
      continue;
    }
    let current = [chunks[0]!];
    let currentWidth = chunks[0]!.length;
    for (const chunk of chunks.slice(1)) {
      if (currentWidth + chunk.length <= width) {
        current.push(chunk);
        currentWidth += chunk.length;
        continue;
      }
      wrapped.push(current.join(""));
      const next = chunk.trimStart();
      current = [next];
      currentWidth = next.length;
    }
    wrapped.push(current.join(""));
  }
  return wrapped.join("\n");
}

/** commander's Help.formatItem: the term padded, the description wrapped beside it. */
function formatItem(term: string, termWidth: number, description: string, helpWidth: number): string {
  const indent = "  ";
  if (!description) return indent + term;
  const spacer = 2;
  const remaining = helpWidth - termWidth - spacer - indent.length;
  const preformatted = /\n[^\S\r\n]/.test(description);
  const formatted =
    remaining < MIN_WIDTH_TO_WRAP || preformatted
      ? description
      : boxWrap(description, remaining).replace(/\n/g, `\n${" ".repeat(termWidth + spacer)}`);
  return `${indent}${term.padEnd(termWidth)}${" ".repeat(spacer)}${formatted.replace(/\n/g, `\n${indent}`)}`;
}

const MARKED = new RegExp(`${MARK}([IW])([^${MARK}]*)${MARK}`, "g");

/** A template's help at this width. */
export function expandHelp(template: string, width: number): string {
  return template.replace(MARKED, (_marker, kind: string, json: string) => {
    if (kind === "W") return boxWrap(JSON.parse(json) as string, width);
    const [term, termWidth, description] = JSON.parse(json) as [string, number, string];
    return formatItem(term, termWidth, description, width);
  });
}
