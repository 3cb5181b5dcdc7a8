import type { modelsMessages as en } from "../en/models.js";

export const modelsMessages: Record<keyof typeof en, string> = {
  "models.none": "OpenRouter 没有列出 Claude Desktop 可以使用的 Claude 模型。",
  "models.col.id": "模型 ID",
  "models.col.name": "名称",
  "models.col.context": "上下文",
  "models.col.prompt": "输入 $/百万",
  "models.col.completion": "输出 $/百万",
  "models.col.usable": "Claude Desktop 可用",
  "models.col.notes": "备注",
  "models.pricesNote": "价格为每百万 token 的美元价格。",
  "models.pinnedNote": "* 已固定在当前配置中",
  "error.modelNotClaude":
    "“{model}”不是 Claude 模型名称：Claude Desktop 会把它从模型列表中移除（名称必须提到 Claude、Anthropic 或某个 Claude 级别，且不能提到其他厂商）。",
  "error.modelUnknown": "“{model}”不是 OpenRouter 为 Claude Desktop 提供的 Claude 模型。",
  "error.modelsEmpty": "--models 为空。",
  "error.modelsAndDiscover": "--models 和 --discover-models 不能同时使用。",
  "error.modelsNeeded": "跳过密钥检查时没有可供选择的模型列表。",
  "error.noClaudeModels": "OpenRouter 的模型列表中没有 Claude Desktop 可接受的 Claude 模型。",
  "hint.modelList": "运行 `npx claude-desktop-openrouter models` 查看可用 ID。",
  "hint.modelListExample": "运行 `npx claude-desktop-openrouter models` 查看可用 ID（例如 {example}）。",
  "hint.modelSuggest": "你是不是要用 {suggestion}？（`npx claude-desktop-openrouter models` 会列出所有 ID。）",
  "hint.modelsNeeded": "请在 --skip-key-check 之外再加上 --models <id,…> 或 --discover-models。",
  "hint.noClaudeModels": "请用 --models 明确指定，或用 --discover-models 让 Claude Desktop 向 OpenRouter 查询。",
  "warn.discovery": "不写入模型列表：Claude Desktop 会向 OpenRouter 查询模型；OpenRouter 在此返回的内容没有官方文档。",
  "warn.modelRetiring": "{model} 将于 {date} 下线。",
};
