// The page the browser lands on after OpenRouter's sign-in: one self-contained HTML document
// (inline style allowed by its hash, nothing loaded from anywhere), in the user's language.
import { nodeCrypto } from "../core/digest.js";
import type { Context } from "../core/context.js";

export type PageKind = "done" | "error" | "not-found";

export interface Page {
  status: number;
  headers: Record<string, string>;
  html: string;
}

const STYLE = [
  ":root{color-scheme:light dark;font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif}",
  "body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f6f6f4;color:#1f1f1f}",
  "main{max-width:32rem;margin:2rem;padding:2.5rem 2rem;background:#fff;border-radius:14px;box-shadow:0 2px 16px rgba(0,0,0,.08);text-align:center}",
  ".mark{width:3rem;height:3rem;margin:0 auto 1rem;border-radius:50%;display:flex;align-items:center;justify-content:center;font-size:1.6rem;color:#fff}",
  ".done{background:#2e7d32}.error{background:#c62828}",
  "h1{font-size:1.35rem;margin:0 0 .75rem}p{line-height:1.55;margin:.5rem 0}.small{color:#666;font-size:.9rem}",
  "@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}main{background:#262626;box-shadow:none}.small{color:#aaa}}",
].join("");

/** The page's Content-Security-Policy: only the style above (by its hash) may apply; no script, image, frame, form or outside request at all. */
export function contentSecurityPolicy(): string {
  const styleHash = nodeCrypto().createHash("sha256").update(STYLE).digest("base64");
  return `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The answer to one request: the success page, OpenRouter's error, or 404 for any other address. */
export function renderPage(ctx: Pick<Context, "ui">, kind: PageKind, reason = ""): Page {
  const t = ctx.ui.t;
  const texts =
    kind === "done"
      ? { mark: "✓", title: t("login.page.doneTitle"), lines: [t("login.page.doneBody")], small: t("login.page.doneClose") }
      : kind === "error"
        ? { mark: "!", title: t("login.page.errorTitle"), lines: [t("login.page.errorBody", { reason })], small: t("login.page.errorNext") }
        : { mark: "?", title: t("login.page.notFoundTitle"), lines: [t("login.page.notFoundBody")], small: "" };
  const html = [
    "<!DOCTYPE html>",
    `<html lang="${escapeHtml(t("login.page.lang"))}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(texts.title)}</title><style>${STYLE}</style></head>`,
    `<body><main><div class="mark ${kind === "done" ? "done" : "error"}" aria-hidden="true">${texts.mark}</div>`,
    `<h1>${escapeHtml(texts.title)}</h1>`,
    ...texts.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    texts.small ? `<p class="small">${escapeHtml(texts.small)}</p>` : "",
    "</main></body></html>",
    "",
  ].join("\n");
  return {
    status: kind === "done" ? 200 : kind === "error" ? 400 : 404,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": contentSecurityPolicy(),
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      connection: "close",
    },
    html,
  };
}
