import type { networkMessages as en } from "../en/network.js";

export const networkMessages: Record<keyof typeof en, string> = {
  "error.netDns": "无法解析 {host}（DNS）：{reason}",
  "error.netRefused": "连接 {host} 被拒绝：{reason}",
  "error.netReset": "与 {host} 的连接被重置：{reason}",
  "error.netTimeout": "{host} 在 {seconds} 秒内没有响应。",
  "error.netTls": "与 {host} 的 TLS 连接失败：{reason}",
  "error.netProxy": "代理 {proxy} 访问 {host} 失败：{reason}",
  "error.netOther": "请求 {host} 失败：{reason}",
  "error.httpStatus": "OpenRouter 对 {url} 返回了 {status}（OpenRouter 原文：“{message}”）",
  "error.httpRetryLater": "OpenRouter 对 {url} 返回 {status}（OpenRouter 原文：“{message}”），要求在 {seconds} 秒后重试。",
  "error.httpHtml": "{url} 返回的是网页（{status}）而不是 API：基础 URL 有误。",
  "error.httpMalformed": "{url} 返回 {status}，但内容不是 API 应有的格式（{snippet}）。",
  "hint.netDns": "请检查网络连接和 DNS；如需通过代理，请设置 HTTPS_PROXY。",
  "hint.netRefused": "请检查网络或防火墙；如需通过代理，请设置 HTTPS_PROXY。",
  "hint.netReset": "请重试；如果问题持续，可能是防火墙或代理切断了连接。",
  "hint.netTimeout": "请检查网络连接，或在 https://status.openrouter.ai 查看 OpenRouter 的状态。",
  "hint.netTls": "可能有代理或安全软件在拦截 HTTPS：请把 NODE_EXTRA_CA_CERTS 指向它的 CA 证书。",
  "hint.netProxy": "请检查 HTTPS_PROXY / NO_PROXY，并确认代理允许 CONNECT 到 {host}。",
  "hint.netOther": "请检查网络连接后重试。",
  "hint.httpStatus": "请检查密钥和基础 URL。",
  "hint.httpRateLimited": "请求过多：请等待该时间后重新运行。",
  "hint.httpPayment":
    "账户余额不足或密钥已达到限额：请在 https://openrouter.ai/settings/credits 充值，或在 https://openrouter.ai/settings/keys 提高限额。",
  "hint.httpServer": "OpenRouter 出现问题；请稍后重试（https://status.openrouter.ai）。",
  "hint.httpHtml": "请使用 https://openrouter.ai/api 作为基础 URL（不带 /v1）。",
  "hint.httpMalformed": "请检查基础 URL，或稍后重试。",
};
