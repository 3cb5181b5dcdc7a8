import type { filesMessages as en } from "../en/files.js";

export const filesMessages: Record<keyof typeof en, string> = {
  "error.configUnparsable": "{path} 在第 {line} 行第 {column} 列无法解析（{reason}）；文件未被修改。",
  "error.configUnreadable": "无法读取 {path}（{reason}）。",
  "error.notAFile": "{path} 不是普通文件。",
  "error.configChanged": "制定计划期间 {path} 发生了变化；未写入任何内容。",
  "error.lockBusy": "另一个 claude-desktop-openrouter 进程（PID {pid}）在 {seconds} 秒后仍持有锁（{path}）。",
  "error.stateUnwritable": "无法写入本工具的状态目录 {path}（{reason}）；未做任何更改。",
  "error.writeFailed": "写入 {path} 失败（{reason}）；已写入的 {count} 个文件均已回滚到原来的内容。",
  "error.rollbackFailed": "写入 {path} 失败（{reason}），回滚 {files} 也失败了。",
  "error.backupNotFound": "没有 ID 为 {id} 的备份集。",
  "error.backupCorrupt": "备份集 {id} 已损坏：{path} 的副本与记录的哈希值不符。",
  "hint.configUnparsable": "请手动修复该文件，或加上 --repair 重新运行：它能读取注释和多余的逗号并保留所有值（原文件保存在备份集中）。",
  "hint.configUnreadable": "请检查该文件的权限和所有者。",
  "hint.notAFile": "请把它移开后重新运行。",
  "hint.configChanged": "请退出 Claude Desktop 后重新运行该命令。",
  "hint.lockBusy": "请等待它结束。如果没有正在运行的进程，请删除该锁文件。",
  "hint.stateUnwritable": "请检查该目录的权限、所有者和磁盘空间（锁和备份都保存在那里）。",
  "hint.writeFailed": "请检查权限和磁盘空间。原文件也保存在 {backup}。",
  "hint.rollbackFailed": "请用 `npx claude-desktop-openrouter revert --backup <id>` 恢复；文件保存在 {backup}。",
  "hint.backupList": "用 `npx claude-desktop-openrouter revert --list` 列出备份集。",
  "hint.backupCorrupt": "请从 `revert --list` 中选择其他备份集。",
};
