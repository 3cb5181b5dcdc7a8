import type { usageMessages as en } from "../en/usage.js";

export const usageMessages: Record<keyof typeof en, string> = {
  "error.badOptions": "选项无效：{detail}",
  "error.missingValue": "选项 {option} 需要一个值。",
  "error.langInvalid": "未知语言“{lang}”：请使用 en 或 zh-CN。",
  "error.baseUrlInvalid": "“{url}”不是有效的基础 URL。",
  "error.baseUrlScheme": "“{url}”必须使用 https（只有 127.0.0.1、localhost 或 [::1] 上可以用 http）。",
  "error.baseUrlV1": "“{url}”以 /v1 结尾：Claude Desktop 会自行加上 /v1/messages，请求会变成 /v1/v1/messages。",
  "error.confirmNeedsYes": "写入前需要确认，但没有可以提问的终端。",
  "error.cancelled": "已取消：未写入任何内容。",
  "error.internal": "意外错误：{detail}",
  "hint.help": "使用 --help 查看命令和选项。",
  "hint.baseUrl": "请使用 https://openrouter.ai/api（不带 /v1，也不带结尾斜杠）。",
  "hint.confirmNeedsYes": "加上 --yes 直接写入，或用 --dry-run 只查看计划。",
  "hint.internal": "请加上 --verbose 重新运行并报告该问题；没有文件被写到一半。",
};
