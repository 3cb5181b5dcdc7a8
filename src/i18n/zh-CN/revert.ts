import type { revertMessages as en } from "../en/revert.js";

export const revertMessages: Record<keyof typeof en, string> = {
  "revert.noBackups": "还没有备份集。",
  "revert.nothing": "无需撤销：这里没有配置 OpenRouter 条目。",
  "revert.backupNothing": "所有文件都已与该备份集一致。",
  "revert.dryRunDone.one": "演练：将有 {count} 个文件被修改。未写入任何内容。",
  "revert.dryRunDone.other": "演练：将有 {count} 个文件被修改。未写入任何内容。",
  "revert.doneNothingBefore": "已撤销：OpenRouter 配置项已删除；setup 之前没有应用任何配置，所以现在也没有应用任何配置。",
  "revert.done": "已撤销：之前应用的配置已恢复。",
  "revert.restored": "已恢复备份集 {id}。",
  "revert.nextSteps": "请完全退出 Claude Desktop 并重新打开，修改才会生效。",
  "error.listAndBackup": "--list 和 --backup 不能同时使用。",
};
