import type { keyMessages as en } from "../en/key.js";

export const keyMessages: Record<keyof typeof en, string> = {
  "error.keyMissing": "没有提供 OpenRouter API 密钥。",
  "error.keyTwoSources": "密钥只需给一次：--api-key-file 或 --api-key，不能同时使用。",
  "error.keyFileUnreadable": "无法读取密钥文件 {path}（{reason}）。",
  "error.keyEmpty": "API 密钥为空。",
  "error.keyWhitespace": "API 密钥中间含有空格或换行。",
  "error.keyAnthropic": "这是 Anthropic 的 API 密钥（sk-ant-…），不是 OpenRouter 密钥。",
  "error.keyOpenAI": "这看起来是 OpenAI 的 API 密钥（sk-…），不是 OpenRouter 密钥。",
  "error.keyJwt": "这是 JWT 访问令牌，不是 OpenRouter API 密钥。",
  "error.keyUnknown": "这看起来不是 OpenRouter API 密钥（它们以 sk-or-v1- 开头）。",
  "error.keyRejected": "OpenRouter 拒绝了该密钥（OpenRouter 原文：“{message}”）",
  "error.keyManagement": "这是管理密钥：它能管理密钥，但不能用于推理。",
  "error.keyExpired": "该密钥已于 {date} 过期。",
  "hint.keyMissing":
    "请使用 --api-key-file <路径>（- 表示标准输入）或设置 OPENROUTER_API_KEY。密钥在 https://openrouter.ai/settings/keys 创建。",
  "hint.keyNew": "请在 https://openrouter.ai/settings/keys 创建 OpenRouter API 密钥后重新提供。",
  "hint.keyRejected":
    "密钥错误、已删除、已停用或已过期（泄露的密钥也会被 OpenRouter 停用）。请在 https://openrouter.ai/settings/keys 创建新密钥。",
  "warn.keyOnCommandLine": "--api-key 会把密钥留在 shell 历史和进程列表中；建议改用 --api-key-file 或 OPENROUTER_API_KEY。",
  "warn.keyUnusual": "该密钥以 sk-or- 开头，但不像常见的 OpenRouter 密钥（sk-or-v1- 加 64 个十六进制字符）。",
  "warn.keyExpiresSoon": "该密钥即将过期（{date}）。",
  "warn.keyCapUsedUp":
    "该密钥的消费上限已用完（已用 ${usage}，上限 ${limit}，重置周期：{reset}）；在重置或提高上限之前请求都会返回 402。可在 https://openrouter.ai/settings/keys 调整。",
  "warn.keyFreeTier": "该账户从未购买过额度；使用 Claude 模型需要额度（https://openrouter.ai/settings/credits）。",
  "warn.keyNotChecked": "未向 OpenRouter 检查该密钥（--skip-key-check）。",
  "warn.balanceEmpty": "账户余额为 {balance}：在 https://openrouter.ai/settings/credits 充值之前，所有请求都会以 402 失败。",
};
