// Step 5: the sandbox's egress hosts.
import { DEV_HOSTS, ALLOW_ALL, parseHostList, type EgressChoice } from "../config/egress.js";
import { style } from "../render/style.js";
import { sentences } from "../i18n/catalogue.js";
import { say, type StepIo } from "./io.js";

/** Asks to confirm "*" after saying that it turns the network sandbox off. */
export async function confirmAllowAll(io: StepIo): Promise<boolean> {
  const { ctx, prompts } = io;
  say(ctx, `${style(ctx).symbols.warn} ${ctx.ui.t("warn.egressAll")}`);
  return prompts.confirm({ message: ctx.ui.t("wizard.egress.confirmAll"), default: false });
}

/** Step 5: the sandbox egress hosts: the dev preset (shown), none, all (confirmed), or custom. */
export async function egressStep(io: StepIo, current?: string[]): Promise<EgressChoice> {
  const { ctx, prompts } = io;
  const t = ctx.ui.t;
  // A rerun keeps the list exactly as it is unless the user picks another.
  const keep =
    current !== undefined
      ? [{ value: "keep" as const, name: t("wizard.egress.keep"), description: current.length > 0 ? current.join(", ") : t("value.none") }]
      : [];
  for (;;) {
    const choice = await prompts.select<"keep" | "dev" | "none" | "all" | "custom">({
      message: t("wizard.egress.message"),
      default: keep.length > 0 ? "keep" : "dev",
      choices: [
        ...keep,
        { value: "dev", name: t("wizard.egress.dev"), description: DEV_HOSTS.join(", ") },
        { value: "none", name: t("wizard.egress.none"), description: t("wizard.egress.noneHelp") },
        { value: "all", name: t("wizard.egress.all"), description: t("warn.egressAll") },
        { value: "custom", name: t("wizard.egress.custom"), description: t("wizard.egress.hostsHint") },
      ],
    });
    if (choice === "keep") return { hosts: [...(current ?? [])], allowAll: (current ?? []).includes(ALLOW_ALL) };
    if (choice === "dev") return { hosts: [...DEV_HOSTS], allowAll: false };
    if (choice === "none") return { hosts: [], allowAll: false };
    if (choice === "all") {
      if (await confirmAllowAll(io)) return { hosts: [ALLOW_ALL], allowAll: true };
      continue;
    }
    const text = await prompts.input({
      message: t("wizard.egress.customPrompt"),
      validate: (value) => {
        const parsed = parseHostList(value);
        if ("invalid" in parsed)
          return sentences(
            t("error.egressInvalid", { host: parsed.invalid, reason: t(`rules.egressReason.${parsed.reason}`) }),
            t("wizard.egress.hostsHint"),
          );
        return parsed.hosts.length > 0 || t("wizard.egress.atLeastOne");
      },
    });
    const parsed = parseHostList(text);
    if ("hosts" in parsed) return { hosts: parsed.hosts, allowAll: false };
  }
}
