import type { safetyMessages as en } from "../en/safety.js";

export const safetyMessages: Record<keyof typeof en, string> = {
  "error.optionHoldsCredential": "{option} 的值看起来像 API 密钥或令牌，未被使用。只有 --api-key 接受密钥。",
  "hint.optionHoldsCredential": "请用 --api-key-file <路径> 提供密钥（- 表示从标准输入读取），或设置 OPENROUTER_API_KEY。",
} as const;
