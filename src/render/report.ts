// Messages for people during a run: warnings (also kept for --json) and progress, on stderr.
import type { Context } from "../core/context.js";
import type { MessageKey, MessageParams } from "../i18n/catalogue.js";
import { outputWidth, style, wrapHuman } from "./style.js";
import { holdInput } from "../core/terminal-input.js";

export interface Warning {
  code: string;
  message: string;
}

type Params = MessageParams;

export class Report {
  readonly warnings: Warning[] = [];
  constructor(private readonly ctx: Context) {}

  warn(code: string, key: MessageKey, params?: Params): void {
    const message = this.ctx.ui.t(key, params);
    this.warnings.push({ code, message });
    if (!this.ctx.ui.json)
      this.ctx.streams.stderr.write(`${wrapHuman(`${style(this.ctx).symbols.warn} ${message}`, outputWidth(this.ctx))}\n`);
  }

  verbose(text: string): void {
    if (this.ctx.ui.verbose) this.ctx.streams.stderr.write(`${style(this.ctx).dim(text)}\n`);
  }

  /**
   * Shows a spinner with the step's name on stderr while work runs. Silent (the label goes to
   * --verbose only) when stderr is not a terminal or with --json, so logs and pipes stay clean.
   * While it spins, keys typed are not echoed and are thrown away (holdInput); Ctrl-C calls
   * onInterrupt, by default the interrupt it would have been without raw mode.
   */
  async step<T>(key: MessageKey, work: () => Promise<T>, params?: Params, onInterrupt?: () => void): Promise<T> {
    const label = this.ctx.ui.t(key, params);
    const stderr = this.ctx.streams.stderr;
    if (this.ctx.ui.json || !stderr.isTTY) {
      this.verbose(label);
      return work();
    }
    const s = style(this.ctx);
    const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let i = 0;
    // Hide the cursor while spinning; the line is cleared and the cursor shown again in any case.
    stderr.write(`\u001b[?25l${s.dim(frames[0]!)} ${label}`);
    const timer = setInterval(() => stderr.write(`\r${s.dim(frames[++i % frames.length]!)} ${label}`), 80);
    timer.unref?.();
    const release = holdInput(this.ctx.streams.stdin, () => {
      stderr.write("\r\u001b[2K\u001b[?25h");
      if (onInterrupt) onInterrupt();
      else this.ctx.proc.signal?.(this.ctx.pid, "SIGINT");
    });
    try {
      return await work();
    } finally {
      release();
      clearInterval(timer);
      stderr.write("\r\u001b[2K\u001b[?25h");
    }
  }
}
