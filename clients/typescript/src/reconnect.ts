// Reconnect policy of the graphql-ws link: pure, so it is tested without sockets.

/** The gateway closes with 4401 for a missing, bad or expired token (packages/errors CLOSE_CODES). */
export const CLOSE_CODE_UNAUTHENTICATED = 4401;

const BASE_MS = 500;
const MAX_MS = 30_000;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [cap/2, cap], cap = min(30 s, 0.5 s·2ⁿ),
 * so a restarted gateway is not hit by every browser at the same instant.
 */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, retries));
  return Math.round(cap / 2 + random() * (cap / 2));
}
