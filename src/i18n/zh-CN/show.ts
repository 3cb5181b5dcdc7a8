import type { showMessages as en } from "../en/show.js";

export const showMessages: Record<keyof typeof en, string> = {
  "show.dirMissing": "不存在",
  "show.applied": "已应用",
  "show.appliedEntry": "已应用的条目",
  "show.rootConfigs": "根配置文件：",
  "show.backups": "备份集：{count} 个",
  "show.unparsable": "无法解析：{problem}",
  "show.unreadable": "无法读取：{reason}",
  "show.col.label": "显示名称",
  "show.col.tier": "档位",
  "show.col.default": "默认",
  "show.col.cacheRead": "缓存读取 $/百万",
  "show.col.cacheWrite": "缓存写入 $/百万",
  "show.nextSetup": "尚未配置：请运行 {command}",
  "show.nextOther": "当前应用的是其他工具的条目；要使用 OpenRouter，请运行 {command}",
  "show.managed": "托管配置：{state}",
  "show.managedUnreadKeys": "类型为 REG_EXPAND_SZ（算作存在策略，但值不会被读取）：{keys}",
  "show.managedInvisibleKeys": "类型是 Claude Desktop 从不读取的：{keys}",
};
