import type { statusMessages as en } from "../en/status.js";

export const statusMessages: Record<keyof typeof en, string> = {
  "status.missing": "不存在",
  "status.source.file": "--api-key-file 文件",
  "status.source.stdin": "--api-key-file -（标准输入）",
  "status.source.flag": "--api-key 参数",
  "status.source.env": "环境变量 OPENROUTER_API_KEY",
  "status.source.prompt": "交互输入",
  "status.source.config": "Claude Desktop 当前启用的配置",
  "error.statusKeyMissing": "没有可检查的密钥：当前启用的配置中没有密钥，也没有通过参数提供。",
};
