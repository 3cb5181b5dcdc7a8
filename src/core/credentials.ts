// What a credential looks like in free text, and how it is shown instead: the one place that
// decides. Used for every message parameter (ui.t), every stream the tool writes to, and by the
// masking of settings and diffs (render/mask.ts). Small and dependency-free: it loads at start.

// Every scan here is linear in the text's length, whatever the text (a name of several megabytes,
// a run of "sk-sk-sk-…"): prefixes are matched where they start, and the run of characters after
// one is measured once per character class and remembered, never matched again from each start.

type CharClass = (code: number) => boolean;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isAlnum = (c: number) => isDigit(c) || isUpper(c) || isLower(c);
const isWord = (c: number) => isAlnum(c) || c === 0x5f; // [A-Za-z0-9_]
const isToken = (c: number) => isWord(c) || c === 0x2d; // [A-Za-z0-9_-]
const isSlack = (c: number) => isAlnum(c) || c === 0x2d; // [A-Za-z0-9-]
const isUpperDigit = (c: number) => isDigit(c) || isUpper(c); // [A-Z0-9]

/**
 * Credentials with a recognisable prefix, most specific first: the tail's characters and least
 * length (`exact`: that many, not more); a digit must be in the tail for the match to count (so
 * `sk-or-v1-REPLACE_ME`, the export placeholder, is not taken for a key). Each prefix is matched
 * only where no letter or digit comes right before it.
 */
const PREFIXED: { prefix: RegExp; tail: CharClass; min: number; exact?: boolean }[] = [
  // OpenRouter (sk-or-v1-…), Anthropic (sk-ant-…), OpenAI (sk-proj-…, sk-svcacct-…, sk-…).
  { prefix: /sk-or-(?:v\d{1,6}-)?/y, tail: isToken, min: 8 },
  { prefix: /sk-ant-(?:[a-z]{1,16}\d{1,6}-)?/y, tail: isToken, min: 12 },
  { prefix: /sk-(?:proj-|svcacct-|admin-)?/y, tail: isToken, min: 16 },
  // GitHub tokens (classic and fine-grained), GitLab, Slack, Google API keys, AWS access key ids.
  { prefix: /gh[pousr]_/y, tail: isAlnum, min: 20 },
  { prefix: /github_pat_/y, tail: isWord, min: 20 },
  { prefix: /glpat-/y, tail: isToken, min: 16 },
  { prefix: /xox[abposr]-/y, tail: isSlack, min: 10 },
  { prefix: /AIza/y, tail: isToken, min: 30 },
  { prefix: /AKIA/y, tail: isUpperDigit, min: 16, exact: true },
];

/** Where a prefixed credential may start (a JSON Web Token starts with "eyJ"). */
const CANDIDATE = /(?<![A-Za-z0-9])(?:sk-|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AIza|AKIA|eyJ)/g;

/**
 * The maximal run of one character class from a position, and the last digit in it. The last run
 * measured per class is remembered, so a start inside it costs nothing: each character is read at
 * most once per class.
 */
class Runs {
  private readonly memo = new Map<CharClass, { from: number; end: number; lastDigit: number }>();
  constructor(private readonly text: string) {}
  at(kind: CharClass, from: number): { end: number; lastDigit: number } {
    const known = this.memo.get(kind);
    if (known && from >= known.from && from < known.end) return known;
    let end = from;
    let lastDigit = -1;
    while (end < this.text.length && kind(this.text.charCodeAt(end))) {
      if (isDigit(this.text.charCodeAt(end))) lastDigit = end;
      end++;
    }
    const run = { from, end, lastDigit };
    if (end > from) this.memo.set(kind, run);
    return run;
  }
}

function hasDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isDigit(text.charCodeAt(i))) return true;
  return false;
}

/**
 * A JSON Web Token at `i`: three base64url parts, the first two JSON objects ("eyJ"), at least 4
 * characters in the first two, a digit after the second "eyJ". Its end and prefix, or null.
 */
function jwtAt(text: string, runs: Runs, i: number): { end: number; prefixLength: number } | null {
  const header = runs.at(isToken, i + 3);
  if (header.end - (i + 3) < 4 || text.charCodeAt(header.end) !== 0x2e || !text.startsWith("eyJ", header.end + 1)) return null;
  const tailStart = header.end + 4;
  const payload = runs.at(isToken, tailStart);
  if (payload.end - tailStart < 4 || text.charCodeAt(payload.end) !== 0x2e) return null;
  const signature = runs.at(isToken, payload.end + 1);
  if (signature.end === payload.end + 1) return null;
  if (payload.lastDigit < tailStart && signature.lastDigit < payload.end + 1) return null;
  return { end: signature.end, prefixLength: tailStart - i };
}

/** [start, end, prefix length] of every prefixed credential in text. */
function prefixedRanges(text: string): [number, number, number][] {
  const ranges: [number, number, number][] = [];
  const runs = new Runs(text);
  const candidates = new RegExp(CANDIDATE);
  for (let candidate = candidates.exec(text); candidate; candidate = candidates.exec(text)) {
    const i = candidate.index;
    let found: [number, number] | null = null;
    if (candidate[0] === "eyJ") {
      const jwt = jwtAt(text, runs, i);
      if (jwt) found = [jwt.end, jwt.prefixLength];
    } else {
      for (const { prefix, tail, min, exact } of PREFIXED) {
        prefix.lastIndex = i;
        if (!prefix.test(text)) continue;
        // The first (most specific) prefix decides: sk-or-v1-REPLACE_ME is not an OpenAI sk- key.
        const from = prefix.lastIndex;
        const run = runs.at(tail, from);
        if (run.end - from >= min) {
          const to = exact ? from + min : run.end;
          if (exact ? hasDigit(text, from, to) : run.lastDigit >= from) found = [to, from - i];
        }
        break;
      }
    }
    if (found) {
      ranges.push([i, found[0], found[1]]);
      candidates.lastIndex = found[0];
    }
  }
  return ranges;
}

/** True when text holds something shaped like a credential with a known prefix (an API key, a token). */
export function looksLikeCredential(text: string): boolean {
  return prefixedRanges(text).length > 0;
}

/**
 * How a credential is shown: its prefix and 3 more characters (12 at most: an OpenRouter key shows
 * as sk-or-v1-012...cdef, like OpenRouter's own label) or, without a prefix, 4; then its last 4.
 */
export function maskCredential(secret: string, prefixLength = 1): string {
  if (secret.length < 20) return "*".repeat(Math.min(secret.length, 8));
  return `${secret.slice(0, Math.min(12, prefixLength + 3))}...${secret.slice(-4)}`;
}

/**
 * Text with every credential-shaped part masked; `random` also masks long prefix-less tokens,
 * except those that are part of a value in `keep` (known not to be secrets).
 */
export function maskCredentials(text: string, options: { random?: boolean; keep?: ReadonlySet<string> } = {}): string {
  let out = "";
  let last = 0;
  for (const [start, end, prefixLength] of prefixedRanges(text)) {
    out += text.slice(last, start) + maskCredential(text.slice(start, end), prefixLength);
    last = end;
  }
  out += text.slice(last);
  return options.random ? maskRandomRuns(out, [...(options.keep ?? [])]) : out;
}

/**
 * A long random token without a known prefix: 32 or more letters, digits and underscores mixing
 * upper case, lower case and digits, or 40 or more hex digits. Hyphens end a run, so UUIDs, backup
 * ids and request ids (which are not secrets and are needed in reports) stay readable.
 */
function isRandom(text: string, from: number, to: number): boolean {
  let lower = false;
  let upper = false;
  let digit = false;
  let hexLetter = false;
  let allHex = true;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digit = true;
    else if (isLower(c)) {
      lower = true;
      if (c <= 0x66) hexLetter = true;
      else allHex = false;
    } else if (isUpper(c)) {
      upper = true;
      if (c <= 0x46) hexLetter = true;
      else allHex = false;
    } else allHex = false;
  }
  if (allHex && to - from >= 40) return digit && hexLetter;
  return lower && upper && digit;
}

/** Every random-looking run of [A-Za-z0-9_] masked, but for runs inside a value in `keep`. */
function maskRandomRuns(text: string, keep: string[]): string {
  const parts: string[] = [];
  let last = 0;
  // Runs of 32 or more [A-Za-z0-9_], found by the regular-expression engine (native code) rather
  // than a loop per character: every byte the tool prints goes through here. Written \w{32}\w*,
  // not \w{32,}: V8 backtracks the latter one stack entry a character and overflows on a run of
  // megabytes, while a trailing \w* is a loop that keeps no stack.
  for (const match of text.matchAll(/\w{32}\w*/g)) {
    const i = match.index;
    const end = i + match[0].length;
    if (isRandom(text, i, end)) {
      const run = match[0];
      if (!keep.some((value) => value.includes(run))) {
        parts.push(text.slice(last, i), maskCredential(run));
        last = end;
      }
    }
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join("");
}
