import { withDeadline } from "@tickergraph/timers";

/**
 * Polls `condition` every `intervalMs` until it returns a truthy value, and returns that value; fails with a
 * message naming `what` after `timeoutMs`. For state with no event to await (a row written, a lag drained).
 */
export async function until<T>(
  what: string,
  condition: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Rejects with a message naming what was awaited when `promise` takes longer than `ms` (the race against a timer). */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return withDeadline(promise, ms, what);
}
