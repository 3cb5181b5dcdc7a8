import type { setupMessages as en } from "../en/setup.js";

export const setupMessages: Record<keyof typeof en, string> = {
  "setup.found": "检测结果",
  "setup.dryRunDone.one": "演练：将有 {count} 个文件被修改。未写入任何内容。",
  "setup.dryRunDone.other": "演练：将有 {count} 个文件被修改。未写入任何内容。",
  "setup.noChanges": "已经配置好了：无需修改。",
  "setup.done": "Claude Desktop 已配置为使用 OpenRouter（条目“{name}”）。",
  "setup.nextNoApp": "下一步：安装 Claude Desktop；它首次启动时就会使用这些设置（如果登录界面出现“Continue with Gateway”，请选择它）。",
  "setup.nextSteps":
    "下一步：完全退出 Claude Desktop（菜单栏或托盘 → 退出），然后重新打开。如果登录界面出现“Continue with Gateway”，请选择它。",
  "setup.revertHint": "如需撤销：{command}",
  "error.egressInvalid": "“{host}”不是 Claude Desktop 接受的出站主机：{reason}。",
  "error.egressAllNeedsYes": "出站“all”会关闭网络沙箱，需要明确确认。",
  "hint.egressInvalid":
    "请写成 host[:port] 或 *.host[:port]，至少含一个点，不要带协议或路径（例如 github.com,*.github.com），或使用 dev、none、all。",
  "hint.egressAllNeedsYes": "加上 --yes 表示确认，或改用 --egress dev 或主机列表。",
  "warn.appNotFound": "这台电脑上没有找到 Claude Desktop；安装之后这些设置就会生效。",
  "warn.egressAll": "出站主机“*”会关闭 Claude Desktop 的网络沙箱：工具可以访问任何主机。",
};
