// Whether the directories a write will touch take a new file, asked before anything that cannot
// be undone (sign-in creating a key on the account): a file created and removed at once in each
// (or in its nearest existing parent, where the write would create it).
import { dirname, join } from "node:path";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { osReason } from "./os-error.js";

async function nearestExisting(ctx: Context, path: string): Promise<string> {
  for (let dir = path; ; dir = dirname(dir)) {
    const found = await ctx.fs.stat(dir).then(
      () => true,
      () => false,
    );
    if (found || dir === dirname(dir)) return dir;
  }
}

/** Throws a CliError naming the first directory that does not take a new file. */
export async function checkWritable(ctx: Context, dirs: string[]): Promise<void> {
  for (const dir of [...new Set(dirs)]) {
    const existing = await nearestExisting(ctx, dir);
    const probe = join(existing, `.claude-desktop-openrouter-probe-${ctx.pid}`);
    try {
      const file = await ctx.fs.open(probe, "wx", 0o600);
      await file.close();
      await ctx.fs.unlink(probe);
    } catch (error) {
      throw new CliError({
        code: "files.unwritable",
        message: "error.dirUnwritable",
        params: { path: existing, reason: osReason(error) },
        hint: "hint.dirUnwritable",
        cause: error,
      });
    }
  }
}
