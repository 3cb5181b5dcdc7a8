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
  "help.exportForce": "覆盖 --out 处已存在的文件（从不覆盖符号链接或目录）",
  "error.exportOutExists": "{path} 已存在；未写入任何内容。",
  "hint.exportOutExists": "添加 --force 以替换它，或选择另一个 --out。",
  "prompt.exportOverwrite": "{path} 已存在。要替换它吗？",
  "error.exportOutSymlink": "{path} 是符号链接；export 从不通过链接写入，因此未写入任何内容。",
  "hint.exportOutSymlink": "请删除该链接，或选择另一个 --out。",
  "error.exportOutNotFile": "{path} 是目录或其他特殊文件，不是 export 可以写入的文件。",
  "hint.exportOutNotFile": "请用 --out 指定一个文件，例如 {path}/claude.reg。",
  "error.exportWriteFailed": "无法写入 {path}（{reason}）；未写入任何内容。",
  "hint.exportWriteFailed": "请确认目录存在且可写，或选择另一个 --out。",
  "error.exportOrganization": "组织名称 {value} 含有控制字符。",
  "hint.exportOrganization": '请以纯文本提供 --organization，例如 "Example Corp"。',
  "error.exportRegValue": "{key} 含有换行符或 NUL 字符，.reg 文件无法容纳。",
  "hint.exportRegValue": "请从值中删除它，或导出为其他 --format。",
  "error.keyControl": "密钥 {masked} 含有控制字符（NUL、中间的换行等）：这不是有效的密钥。",
} as const;
