import type { safetyMessages as en } from "../en/safety.js";

export const safetyMessages: Record<keyof typeof en, string> = {
  "error.optionHoldsCredential": "{option} 的值看起来像 API 密钥或令牌，未被使用。只有 --api-key 接受密钥。",
  "hint.optionHoldsCredential": "请用 --api-key-file <路径> 提供密钥（- 表示从标准输入读取），或设置 OPENROUTER_API_KEY。",
  "error.foreignEntry": "当前应用的条目“{name}”属于另一个网关（{host}）：其密钥不会发送给 OpenRouter，且没有提供 OpenRouter 密钥。",
  "hint.foreignEntry": "运行 `npx claude-desktop-openrouter setup` 应用 OpenRouter 条目，或用 --api-key-file <路径> 提供 OpenRouter 密钥。",
  "warn.foreignEntry": "当前应用的条目“{name}”属于另一个网关（{host}）：不会发送其密钥，改用 OPENROUTER_API_KEY。",
  "warn.foreignEntryModels": "当前应用的条目“{name}”属于另一个网关（{host}）：其中固定的模型不会被标记。",
  "doctor.key.foreign": "当前应用的条目“{name}”属于另一个网关（{host}）：其密钥不会发送给 OpenRouter",
  "doctor.fix.foreignKey":
    "运行 `{cmd} setup` 应用 OpenRouter 条目；如需先检查某个 OpenRouter 密钥，运行 `{cmd} status --api-key-file <路径>`。",
} as const;
