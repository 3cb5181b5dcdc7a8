import type { showMessages as en } from "../en/show.js";

export const showMessages: Record<keyof typeof en, string> = {
  "show.dirMissing": "不存在",
  "show.applied": "已应用",
  "show.appliedEntry": "已应用的条目“{name}”（{id}）：",
  "show.rootConfigs": "根配置文件：",
  "show.backups": "备份集：{count} 个",
  "show.files": "{count} 个文件",
  "show.managed": "托管配置：{state}",
  "show.managedUnreadKeys": "类型为 REG_EXPAND_SZ（算作存在策略，但值不会被读取）：{keys}",
  "show.managedInvisibleKeys": "类型是 Claude Desktop 从不读取的：{keys}",
};
