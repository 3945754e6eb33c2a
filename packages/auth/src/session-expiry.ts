// A long-lived connection is authenticated once, at its start; this ends it when its token expires, so a token
// cannot outlive its `exp` by keeping a socket open.
import type { Session } from "./tokens.js";

/** setTimeout's limit (about 24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `expired` once when the session's token expires (never for an anonymous or non-expiring session).
 * Returns a cancel function; call it when the connection closes first.
 */
export function onSessionExpiry(
  session: Session | null,
  expired: () => void,
  now: () => number = Date.now,
): () => void {
  const expiresAtMs = session?.expiresAtMs;
  if (expiresAtMs === undefined) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const wait = (ms: number) => {
    timer = setTimeout(check, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // An idle process with only this timer left should still be able to exit.
    timer.unref();
  };
  const check = () => {
    const remaining = expiresAtMs - now();
    if (remaining <= 0) expired();
    else wait(remaining);
  };
  // The first check also goes through a timer, so `expired` never runs before the caller holds the cancel function.
  wait(expiresAtMs - now());
  return () => clearTimeout(timer);
}
