import type { cliMessages as en } from "../en/cli.js";

export const cliMessages: Record<keyof typeof en, string> = {
  "cli.help.usage": "用法：",
  "cli.help.options": "选项：",
  "cli.help.commands": "命令：",
  "cli.help.arguments": "参数：",
  "cli.help.optionsPlaceholder": "[选项]",
  "cli.help.commandPlaceholder": "[命令]",
  "cli.help.choices": "（可选值：{choices}）",
  "cli.help.default": "（默认：{value}）",
  "cli.unknownCommand": "未知命令“{command}”。",
  "cli.unknownCommandSuggest": "未知命令“{command}”——你是想用“{suggestion}”吗？",
  "cli.unknownOption": "未知选项“{option}”。",
  "cli.unknownOptionSuggest": "未知选项“{option}”——你是想用“{suggestion}”吗？",
  "cli.missingArgument": "缺少参数 {argument}。",
  "cli.excessArguments": "“{command}”的参数过多。",
  "cli.invalidChoice": "选项 {option} 不接受“{value}”：请使用 {choices} 之一。",
  "cli.invalidValue": "选项 {option} 不接受“{value}”。",
  "cli.usage": "无法读取命令行（{code}）。",
};
