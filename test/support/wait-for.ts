/**
 * Polls `condition` until it holds, for state that has no event to await (listener counts, a
 * request reaching a fake server). Fails naming `what` after `timeoutMs`: generous, since the
 * machine may be loaded; the test never asserts on how long it took.
 */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
