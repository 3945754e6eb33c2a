// Retry delays: exponential (base · 2^(attempt−1), capped), with "equal jitter" — a random 50–100 % of that —
// so jobs that failed together (a provider outage) do not all come back at the same instant.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Delay before the attempt after `failedAttempts` failures (1 = the first retry). `random` is in [0, 1). */
export function retryDelayMs(
  policy: BackoffPolicy,
  failedAttempts: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
