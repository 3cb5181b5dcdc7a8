// A masked prompt for a key or a sign-in code. Unlike @inquirer/password, a refused answer is
// cleared from the field, so the next paste replaces it instead of being appended to it; and there
// is no shortcut that reveals what was typed.
import { createPrompt, isEnterKey, makeTheme, useKeypress, usePrefix, useState } from "@inquirer/core";

export interface SecretConfig {
  message: string;
  /** The character shown for each one typed (default `*`). */
  mask?: boolean | string;
  validate?: (value: string) => boolean | string | Promise<boolean | string>;
}

export const secretPrompt = createPrompt<string, SecretConfig>((config, done) => {
  const theme = makeTheme();
  const [status, setStatus] = useState<"idle" | "loading" | "done">("idle");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress(async (key, rl) => {
    if (status !== "idle") return;
    if (isEnterKey(key)) {
      const answer = value;
      setStatus("loading");
      const valid = config.validate ? await config.validate(answer) : true;
      if (valid === true) {
        setValue(answer);
        setStatus("done");
        done(answer);
        return;
      }
      // Enter already emptied readline's line; the refused text stays out of it.
      rl.clearLine(0);
      setValue("");
      setError(valid || "");
      setStatus("idle");
    } else {
      setValue(rl.line);
      setError(undefined);
    }
  });

  const maskChar = typeof config.mask === "string" && config.mask.length > 0 ? config.mask : "*";
  const masked = maskChar.repeat(value.length);
  const message = theme.style.message(config.message, status);
  return [`${prefix} ${message} ${status === "done" ? theme.style.answer(masked) : masked}`, error ? theme.style.error(error) : ""];
});
