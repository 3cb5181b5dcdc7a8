// Work to finish before the process ends on its own. The CLI lets Node exit when the event loop
// drains (so every byte of output is flushed); a socket still connecting after its request was
// abandoned (a TLS handshake that never answers) or an idle keep-alive connection would hold the
// loop open, so the modules that own such handles register a release here.
const hooks = new Set<() => unknown>();

/** Registers a release to run at shutdown; returns a function that unregisters it. */
export function onShutdown(hook: () => unknown): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * Runs every registered release once, ignoring their failures (the command's result stands).
 * Returns how many there were: none means nothing of ours can hold the process open.
 */
export async function shutdown(): Promise<number> {
  const pending = [...hooks];
  hooks.clear();
  await Promise.allSettled(pending.map(async (hook) => hook()));
  return pending.length;
}
