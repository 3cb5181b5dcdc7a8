import type { writeMessages as en } from "../en/write.js";

export const writeMessages: Record<keyof typeof en, string> = {
  "plan.createDir": "创建目录",
  "plan.repairedTolerant": "（不是严格的 JSON：删除注释和多余的逗号，保留所有值；原文件保存在备份中）",
  "plan.dropped": "将删除：{items}",
  "plan.diffTooLarge": "（{removed} 行将被替换为 {added} 行：差异太多，无法逐行显示；原文件保存在备份中）",
  "plan.applyHint": "要应用此计划，请去掉 --dry-run 重新运行同一命令。",
  "action.mode": "设置权限 {mode}：",
  "error.writeFailedUnchanged": "写入 {path} 失败：{reason}；没有任何文件被修改。",
  "lock.waiting": "正在等待另一个 claude-desktop-openrouter 进程（PID {pid}，已持有锁 {age} 秒）：{path}",
  "error.revertNoRecord": "{path} 不存在或无法解析，且没有备份集能说明 setup 在这里改了什么；未撤销任何内容。",
  "hint.revertNoRecord":
    "可用 `npx claude-desktop-openrouter revert --backup <id>` 恢复整个备份集（备份集：{sets}；详情见 `revert --list`）。",
  "warn.revertEntryKept": "已保留 {path}：setup 写入后它被修改过。已重新应用之前的配置；`{command}` 会将其一并删除。",
  "warn.revertFromBackups": "state.json 不存在或无法解析：要恢复的内容取自备份集。",
  "revert.nothingButKept": "没有需要撤销的内容；OpenRouter 配置项因在 setup 之后被修改而保留。",
  "revert.doneKept": "已撤销：之前应用的配置已恢复；被修改过的 OpenRouter 配置项已保留。",
  "revert.purged.one": "已删除 {count} 个备份集：本工具的状态目录中不再有 API 密钥的副本。",
  "revert.purged.other": "已删除 {count} 个备份集：本工具的状态目录中不再有 API 密钥的副本。",
  "revert.purgeDry.one": "将删除 {count} 个备份集。",
  "revert.purgeDry.other": "将删除 {count} 个备份集。",
  "error.purgeWithBackup": "--purge-backups 不能与 --backup 或 --list 一起使用。",
  "error.doctorFixOnly": "--dry-run、--restart、--no-restart 和 --force-quit 只能与 --fix 一起使用。",
  "doctor.fix.setupForeign": "当前应用的是其他工具的配置项：`{cmd} setup` 会添加 OpenRouter 配置项并应用它（那个配置项保持不变）。",
  "help.revertForce": "即使 OpenRouter 配置项在 setup 之后被修改过，也将其删除",
  "help.purgeBackups": "撤销成功后删除所有备份集（其中含有密钥的副本）",
};
