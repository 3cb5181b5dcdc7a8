// Keystrokes typed while no question is open: during a spinner a key pasted too early would echo
// in clear onto the spinner's line, and its Enter would answer the next question. While the tool
// works, the terminal is put in raw mode (no echo) and what arrives is thrown away, Ctrl-C
// excepted; before a question opens, whatever is still pending is thrown away too.
import type { Readable } from "node:stream";

type TerminalInput = Readable & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown };

const CTRL_C = "\u0003";

function terminal(stdin: Readable): TerminalInput | undefined {
  const tty = stdin as TerminalInput;
  return tty.isTTY && typeof tty.setRawMode === "function" ? tty : undefined;
}

/**
 * Holds the keyboard until the returned release is called: no echo, input discarded, Ctrl-C
 * handed to onInterrupt (raw mode turns it into a byte instead of a signal). A no-op off a terminal.
 */
export function holdInput(stdin: Readable, onInterrupt: () => void): () => void {
  const tty = terminal(stdin);
  if (!tty) return () => undefined;
  // Held inside another hold (a step within a step): leave the outer one's state as it was.
  const wasRaw = Boolean(tty.isRaw);
  const wasFlowing = tty.readableFlowing === true;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    tty.off("data", onData);
    tty.setRawMode?.(wasRaw);
    if (!wasFlowing) tty.pause();
  };
  const onData = (chunk: Buffer | string) => {
    if (String(chunk).includes(CTRL_C)) {
      release();
      onInterrupt();
    }
  };
  tty.setRawMode?.(true);
  tty.on("data", onData);
  tty.resume();
  return release;
}

/**
 * Throws away what was typed before a question opens. Returns true when that included Ctrl-C
 * (the caller cancels). A no-op off a terminal, where stdin may carry real answers.
 */
export async function drainInput(stdin: Readable, settleMs = 25): Promise<boolean> {
  const tty = terminal(stdin);
  if (!tty) return false;
  let interrupted = false;
  const release = holdInput(tty, () => {
    interrupted = true;
  });
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  release();
  return interrupted;
}
