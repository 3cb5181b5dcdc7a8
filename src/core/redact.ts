// The one place output is made safe: every byte the CLI writes to stdout or stderr passes through
// a RedactingStream, whatever code path produced it (a message quoting an option, commander's own
// error, a command's JSON result, a prompt).
import { Writable } from "node:stream";
import type { OutputStream } from "./context.js";
import { maskCredentials } from "./credentials.js";

type Target = Writable & OutputStream & { rows?: number };

/**
 * Forwards writes to a real stream with every registered secret (the key in use) replaced and
 * anything else shaped like a credential masked, but for the values registered as public. The
 * real stream is asked for when first used (`target`), so that one a run never writes to is
 * never opened.
 */
export class RedactingStream extends Writable implements OutputStream {
  private opened: Target | undefined;
  constructor(
    private readonly open: () => Target,
    private readonly secrets: ReadonlySet<string>,
    private readonly publicValues: ReadonlySet<string> = new Set(),
  ) {
    super({ decodeStrings: false });
  }
  private get target(): Target {
    if (this.opened === undefined) this.opened = this.open();
    return this.opened;
  }
  get isTTY(): boolean {
    return Boolean(this.target.isTTY);
  }
  get columns(): number | undefined {
    return this.target.columns;
  }
  get rows(): number | undefined {
    return this.target.rows;
  }
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (secret.length >= 8) out = out.split(secret).join("[redacted]");
    return maskCredentials(out, { random: true, keep: this.publicValues });
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    // A failed write (a reader that went away) is the target's own 'error' to report, where main()
    // handles it; this stream has nothing to add, and an 'error' here would go unhandled. Done at
    // once, not when the target calls back: a later write must not wait in this stream's buffer
    // while one to the other stream goes out first (messages would show out of order).
    this.target.write(this.redact(text));
    callback();
  }
}
