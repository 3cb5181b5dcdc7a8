// English catalogue: the reference for every message, one file per topic. Placeholders are {name}.
import { helpMessages } from "./en/help.js";
import { commonMessages } from "./en/common.js";
import { usageMessages } from "./en/usage.js";
import { keyMessages } from "./en/key.js";
import { modelsMessages } from "./en/models.js";
import { networkMessages } from "./en/network.js";
import { filesMessages } from "./en/files.js";
import { setupMessages } from "./en/setup.js";
import { revertMessages } from "./en/revert.js";
import { showMessages } from "./en/show.js";
import { statusMessages } from "./en/status.js";
import { wizardMessages } from "./en/wizard.js";
import { managedMessages } from "./en/managed.js";
import { exportMessages } from "./en/export.js";
import { doctorMessages } from "./en/doctor.js";
import { lifecycleMessages } from "./en/lifecycle.js";
import { osMessages } from "./en/os.js";
import { parseMessages } from "./en/parse.js";
import { teamMessages } from "./en/team.js";
import { policyMessages } from "./en/policy.js";
import { rulesMessages } from "./en/rules.js";
import { entryMessages } from "./en/entry.js";
import { loginMessages } from "./en/login.js";
import { writeMessages } from "./en/write.js";
import { safetyMessages } from "./en/safety.js";
import { cliMessages } from "./en/cli.js";
import { keychainMessages } from "./en/keychain.js";

export const en = {
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
} as const;
