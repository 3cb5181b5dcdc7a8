// 简体中文目录：与英文目录的键和占位符完全一致（有测试保证），按主题分文件。
import type { Catalogue } from "./catalogue.js";
import { helpMessages } from "./zh-CN/help.js";
import { commonMessages } from "./zh-CN/common.js";
import { usageMessages } from "./zh-CN/usage.js";
import { keyMessages } from "./zh-CN/key.js";
import { modelsMessages } from "./zh-CN/models.js";
import { networkMessages } from "./zh-CN/network.js";
import { filesMessages } from "./zh-CN/files.js";
import { setupMessages } from "./zh-CN/setup.js";
import { revertMessages } from "./zh-CN/revert.js";
import { showMessages } from "./zh-CN/show.js";
import { statusMessages } from "./zh-CN/status.js";
import { wizardMessages } from "./zh-CN/wizard.js";
import { managedMessages } from "./zh-CN/managed.js";
import { exportMessages } from "./zh-CN/export.js";
import { doctorMessages } from "./zh-CN/doctor.js";
import { lifecycleMessages } from "./zh-CN/lifecycle.js";
import { osMessages } from "./zh-CN/os.js";
import { parseMessages } from "./zh-CN/parse.js";
import { teamMessages } from "./zh-CN/team.js";
import { policyMessages } from "./zh-CN/policy.js";
import { rulesMessages } from "./zh-CN/rules.js";
import { entryMessages } from "./zh-CN/entry.js";
import { loginMessages } from "./zh-CN/login.js";
import { writeMessages } from "./zh-CN/write.js";
import { safetyMessages } from "./zh-CN/safety.js";
import { cliMessages } from "./zh-CN/cli.js";
import { keychainMessages } from "./zh-CN/keychain.js";

export const zhCN: Catalogue = {
  ...helpMessages,
  ...commonMessages,
  ...usageMessages,
  ...keyMessages,
  ...modelsMessages,
  ...networkMessages,
  ...filesMessages,
  ...setupMessages,
  ...revertMessages,
  ...showMessages,
  ...statusMessages,
  ...wizardMessages,
  ...managedMessages,
  ...exportMessages,
  ...doctorMessages,
  ...lifecycleMessages,
  ...osMessages,
  ...parseMessages,
  ...teamMessages,
  ...policyMessages,
  ...rulesMessages,
  ...entryMessages,
  ...loginMessages,
  ...writeMessages,
  ...safetyMessages,
  ...cliMessages,
  ...keychainMessages,
};
