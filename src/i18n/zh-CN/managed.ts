import type { managedMessages as en } from "../en/managed.js";

export const managedMessages: Record<keyof typeof en, string> = {
  "managedReason.tool-missing": "缺少 {tool}",
  "managedReason.tool-failed": "{tool} 运行失败或超时",
  "managedReason.systemTool": "读取它所需的系统工具",
  "managedReason.not-parsable": "无法解析",
  "managedReason.symlink": "它是符号链接",
  "managedReason.not-a-file": "它不是普通文件",
  "managedReason.owner": "所有者不是 root",
  "managedReason.mode": "组或其他用户可写",
  "managedReason.dir-symlink": "所在目录是符号链接或不是目录",
  "managedReason.dir-owner": "所在目录的所有者不是 root",
  "managedReason.dir-mode": "所在目录对组或其他用户可写",
  "managedReason.cannot-read": "无法读取",
  "managedReason.hidden-by-hklm": "已忽略：HKLM 中有策略值，因此不会读取 HKCU",
  "managedState.none": "无",
  "managedState.notChecked": "未检查（{why}）",
  "managedState.update-keys-only": "仅包含更新相关的键（本地设置仍然生效）",
  "managedState.bootstrap": "引导（bootstrap）部署（本地设置被忽略）",
  "managedState.takeover": "接管配置（本地设置被忽略）",
  "managedState.unreadable": "存在但无法使用（本地设置也被禁用）",
  "managedStatus.ok": "已读取",
  "managedStatus.unreadable": "无法使用",
  "managedStatus.could-not-check": "无法检查",
  "managedStatus.ignored": "已忽略",
  "error.managedTakeover": "托管（MDM）配置会覆盖 Claude Desktop 的本地设置：{sources}。在本地写入的内容都会被忽略，因此没有做任何更改。",
  "error.managedBootstrap":
    "Claude Desktop 已配置为引导（bootstrap）部署（{sources}）：它从你所在组织的服务器获取设置，本地设置会被忽略。没有做任何更改。",
  "error.managedUnreadable": "{path} 存在，但 Claude Desktop 不会使用它（{reason}）；只要它还在，本地设置也会被禁用。没有做任何更改。",
  "hint.managed":
    "请联系这台设备的管理员修改或移除该配置。IT 人员可以用 `npx claude-desktop-openrouter export` 把同样的设置导出为 .mobileconfig、.reg 或托管 JSON 文件。",
  "hint.managedUnreadable":
    "请修复它（sudo chown root:root {path} && sudo chmod 644 {path}，目录须归 root 所有且权限为 755）或将其删除，然后重新启动 Claude Desktop。IT 人员可以用 `npx claude-desktop-openrouter export --format json` 生成该文件。",
  "warn.managedCouldNotCheck": "无法检查 {location} 中的托管配置（{reason}）；如果这台设备由你的组织管理，其设置可能会覆盖这些设置。",
  "warn.managedUpdateKeysOnly":
    "托管配置只设置了更新相关的键：{sources}。在当前版本的 Claude Desktop 上本地设置仍然生效（已安装：{version}）；部分旧版本会锁定整个配置，如果设置没有生效，请更新 Claude Desktop。",
};
