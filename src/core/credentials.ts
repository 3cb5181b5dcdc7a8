// What a credential looks like in free text, and how it is shown instead: the one place that
// decides. Used for every message parameter (ui.t), every stream the tool writes to, and by the
// masking of settings and diffs (render/mask.ts). Small and dependency-free: it loads at start.

/**
 * Credentials with a recognisable prefix, most specific first, and the part that must hold a digit
 * for the match to count (so `sk-or-v1-REPLACE_ME`, the export placeholder, is not taken for a
 * key). Each pattern is matched only where no letter or digit comes right before it.
 */
const PREFIXED: { prefix: RegExp; tail: RegExp }[] = [
  // OpenRouter (sk-or-v1-…), Anthropic (sk-ant-…), OpenAI (sk-proj-…, sk-svcacct-…, sk-…).
  { prefix: /sk-or-(?:v\d+-)?/y, tail: /[A-Za-z0-9_-]{8,}/y },
  { prefix: /sk-ant-(?:[a-z]+\d+-)?/y, tail: /[A-Za-z0-9_-]{12,}/y },
  { prefix: /sk-(?:proj-|svcacct-|admin-)?/y, tail: /[A-Za-z0-9_-]{16,}/y },
  // GitHub tokens (classic and fine-grained), GitLab, Slack, Google API keys, AWS access key ids.
  { prefix: /gh[pousr]_/y, tail: /[A-Za-z0-9]{20,}/y },
  { prefix: /github_pat_/y, tail: /[A-Za-z0-9_]{20,}/y },
  { prefix: /glpat-/y, tail: /[A-Za-z0-9_-]{16,}/y },
  { prefix: /xox[abposr]-/y, tail: /[A-Za-z0-9-]{10,}/y },
  { prefix: /AIza/y, tail: /[A-Za-z0-9_-]{30,}/y },
  { prefix: /AKIA/y, tail: /[A-Z0-9]{16}/y },
  // A JSON Web Token: three base64url parts, the first two JSON objects ("eyJ").
  { prefix: /eyJ[A-Za-z0-9_-]{4,}\.eyJ/y, tail: /[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/y },
];

/**
 * A long random token without a known prefix: 32 or more letters, digits and underscores mixing
 * upper case, lower case and digits, or 40 or more hex digits. Hyphens end a run, so UUIDs, backup
 * ids and request ids (which are not secrets and are needed in reports) stay readable.
 */
const RANDOM_RUN = /(?<![A-Za-z0-9_])[A-Za-z0-9_]{32,}(?![A-Za-z0-9_])/g;

function isRandom(run: string): boolean {
  if (/^[0-9a-fA-F]{40,}$/.test(run)) return /[0-9]/.test(run) && /[a-fA-F]/.test(run);
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run);
}

/** Where a prefixed credential may start: a cheap first pass over long texts. */
const CANDIDATE = /(?<![A-Za-z0-9])(?:sk-|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AIza|AKIA|eyJ)/g;

/** [start, end, prefix length] of every prefixed credential in text. */
function prefixedRanges(text: string): [number, number, number][] {
  const ranges: [number, number, number][] = [];
  let end = 0;
  for (const candidate of text.matchAll(CANDIDATE)) {
    const i = candidate.index;
    if (i < end) continue;
    for (const { prefix, tail } of PREFIXED) {
      prefix.lastIndex = i;
      if (!prefix.test(text)) continue;
      // The first (most specific) prefix decides: sk-or-v1-REPLACE_ME is not an OpenAI sk- key.
      tail.lastIndex = prefix.lastIndex;
      const found = tail.exec(text);
      if (found && /[0-9]/.test(found[0])) {
        end = tail.lastIndex;
        ranges.push([i, end, prefix.lastIndex - i]);
      }
      break;
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
  if (!options.random) return out;
  const keep = [...(options.keep ?? [])];
  return out.replace(RANDOM_RUN, (run) => (isRandom(run) && !keep.some((value) => value.includes(run)) ? maskCredential(run) : run));
}
