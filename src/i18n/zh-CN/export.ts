import type { exportMessages as en } from "../en/export.js";

export const exportMessages: Record<keyof typeof en, string> = {
  "export.regComment":
    "由 claude-desktop-openrouter 生成：让 Claude Desktop 通过第三方 Gateway 模式使用 OpenRouter。所有值都以 REG_SZ 形式直接位于该键下。",
  "export.regRemoveComment": "删除由 claude-desktop-openrouter 写入的 Claude Desktop OpenRouter 设置。",
  "export.profileName": "Claude Desktop – OpenRouter（描述文件）",
  "export.profileDescription": "让 Claude Desktop 通过第三方 Gateway 模式使用 OpenRouter（由 claude-desktop-openrouter 生成）。",
  "export.settingsName": "Claude Desktop 设置",
  "export.done": "已写入 {path}（{format}）。",
  "export.doneStdout": "已把 {format} 文件写到标准输出。",
  "export.takesOver": "部署后，这些设置会接管设备上的 Claude Desktop：本地设置被忽略，应用内的配置窗口变为只读。",
  "export.deploy.mobileconfig":
    "把它作为自定义配置描述文件上传到 MDM（Jamf Pro、Kandji、Mosyle 等），测试时也可以双击安装。移除方法：取消分配该描述文件。",
  "export.deploy.reg":
    "以管理员身份导入（reg import <文件>），或通过组策略或 Intune 脚本部署。移除方法：加上 --remove 重新导出，再导入生成的文件。",
  "export.deploy.json":
    "把它安装为 /etc/claude-desktop/managed-settings.json，所有者 root:root，权限 0644，所在目录归 root 所有且权限为 0755。移除方法：删除该文件。",
  "export.deployRemove": "以管理员身份导入（reg import <文件>），或按部署原文件的方式部署，然后重新启动 Claude Desktop。",
  "error.exportOutMissing": "export 需要 --out <文件>（或用 --out - 输出到标准输出）。",
  "error.exportFormatMissing": "无法从“{out}”判断格式。",
  "error.exportFormatMismatch": "--format {format} 与文件名“{out}”不符。",
  "error.exportStdoutJson": "--json 和 --out - 都需要使用标准输出，不能同时使用。",
  "error.exportJsonUserScope": "Linux 没有按用户的托管设置：json 格式只能用于整台机器。",
  "error.exportIdentifier": "“{identifier}”不是反向域名格式的标识符。",
  "error.exportRemoveMobileconfig": "macOS 没有“移除用描述文件”：配置描述文件只能被移除，不能用另一个文件抵消。",
  "error.exportRemoveJson": "Linux 托管文件通过删除来移除，没有用于移除的 JSON。",
  "error.exportPlaceholderAndKey": "--key-placeholder 不会写入密钥：请去掉 --api-key 和 --api-key-file。",
  "error.exportKeyToTerminal": "导出内容包含 API 密钥，而标准输出是终端：密钥会留在终端的滚动记录里。",
  "error.exportLintPlaceholder": "{key} 中仍然是占位符 REPLACE_ME。",
  "error.exportLintBaseUrl": "用于批量部署时，基础 URL“{url}”必须使用 https，且不能带 /v1 或结尾斜杠。",
  "hint.exportModelsNeeded": "请在使用 --skip-key-check 的同时传入 --models <id,…> 或 --discover-models。",
  "hint.exportOut": "例如 --out claude.mobileconfig、--out claude.reg 或 --format json --out -。",
  "hint.exportFormat": "请传入 --format mobileconfig、reg 或 json，或使用扩展名为 .mobileconfig、.reg 或 .json 的文件名。",
  "hint.exportJsonUserScope": "使用 --format json 时请去掉 --scope user。",
  "hint.exportIdentifier": "请使用类似 com.example.claude-desktop 的形式（字母、数字、连字符，至少包含一个点）。",
  "hint.exportRemoveMobileconfig":
    "请在 MDM（Jamf、Kandji 等）中取消分配或删除该描述文件，或在“系统设置 → 通用 → 设备管理”中移除它。保持 --identifier 不变，新的描述文件就会替换旧的。",
  "hint.exportRemoveJson":
    "运行 sudo rm /etc/claude-desktop/managed-settings.json（例如通过你的配置管理工具），然后重新启动 Claude Desktop。",
  "hint.exportKeyToTerminal": "请用 --out <文件> 写入文件，或通过管道或重定向输出，或使用 --key-placeholder。",
  "hint.exportLint": "没有写入任何文件。请修正该值后重新导出（或使用 --key-placeholder 生成模板）。",
  "warn.exportPlaceholder":
    "！！！该文件中是占位符 {placeholder}，而不是密钥。部署前请把它替换成真正的 OpenRouter 密钥，否则 Claude Desktop 在每台设备上都无法连接。！！！",
  "warn.exportKeyInFile":
    "该文件以明文包含 API 密钥，部署后设备上的每个本地用户都能读取；建议每台设备或每个团队使用单独的密钥，并设置消费上限。",
  "warn.exportHkcu": "只要设备上的 HKLM\\SOFTWARE\\Policies\\Claude 中有任何值，HKCU 策略就会被忽略。",
  "value.payloadScope.user": "用户（PayloadScope User）",
  "value.payloadScope.system": "系统（PayloadScope System）",
  "warn.exportKeyOnStdout":
    "此输出包含 API 密钥：shell 为它创建的文件（用 >）可能可被这台电脑的其他用户读取。请改用 --out <file>：该文件仅所有者可读。",
};
