// Models: choosing, checking and listing them.
export const modelsMessages = {
  "models.none": "OpenRouter lists no Claude model that Claude Desktop can use.",
  "models.col.id": "ID",
  "models.col.name": "Name",
  "models.col.context": "Context",
  "models.col.prompt": "Prompt $/M",
  "models.col.completion": "Completion $/M",
  "models.col.usable": "Claude Desktop",
  "models.col.notes": "Notes",
  "models.pricesNote": "Prices in USD per million tokens.",
  "models.pinnedNote": "* pinned in the current configuration",
  "error.modelNotClaude":
    '"{model}" is not a Claude model name: Claude Desktop removes it from the model list (a name must mention Claude, Anthropic or a Claude tier, and no other vendor).',
  "error.modelUnknown": '"{model}" is not a Claude model OpenRouter offers for Claude Desktop.',
  "error.modelsEmpty": "--models is empty.",
  "error.modelsAndDiscover": "--models and --discover-models cannot be used together.",
  "error.modelsNeeded": "Without the key check there is no model list to choose from.",
  "error.noClaudeModels": "OpenRouter's model list has no Claude model that Claude Desktop accepts.",
  "hint.modelList": "Run `npx claude-desktop-openrouter models` to see the ids.",
  "hint.modelListExample": "Run `npx claude-desktop-openrouter models` to see the ids (e.g. {example}).",
  "hint.modelSuggest": "Did you mean {suggestion}? (`npx claude-desktop-openrouter models` lists every id.)",
  "hint.modelsNeeded": "Pass --models <id,…> or --discover-models together with --skip-key-check.",
  "hint.noClaudeModels": "Pass --models explicitly, or --discover-models to let Claude Desktop ask OpenRouter.",
  "warn.discovery":
    "No model list is written: Claude Desktop will ask OpenRouter for models; what OpenRouter returns there is undocumented.",
  "warn.modelRetiring": "{model} is being retired on {date}.",
} as const;
