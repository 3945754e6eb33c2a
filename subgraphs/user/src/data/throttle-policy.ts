// Login throttling policy (pure). Two counters guard every password check: one per (account, client address) and
// one per client address. Each allows some failures freely, then locks for a minute, twice as long after every
// further failure, up to an hour. A success clears only its own (account, address) counter, so an attacker from
// one address can neither lock the owner out elsewhere nor erase the count of another address. A day without
// failures forgets a counter.
export interface ThrottleRule {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
}

/** Guesses at one account from one address. */
export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, baseLockMs: 60_000, maxLockMs: 60 * 60_000 };
/** Failures from one address over every account (password spraying). */
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 30, baseLockMs: 60_000, maxLockMs: 60 * 60_000 };

export const FREE_FAILURES = ACCOUNT_RULE.freeFailures;
// Longer than the longest lock, so waiting a lock out never resets the count (that would re-open free tries).
export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;

export function lockDurationMs(failures: number, rule: ThrottleRule = ACCOUNT_RULE): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** Math.min(failures - rule.freeFailures, 30));
}

export function retryAfterSeconds(lockedUntil: Date | null, now: Date): number {
  if (!lockedUntil) return 0;
  return Math.max(0, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}

/** Failures last recorded before this instant are forgotten. */
export function forgottenBefore(now: Date): Date {
  return new Date(now.getTime() - FAILURE_MEMORY_MS);
}

export const accountKey = (email: string, address: string) => `account:${address}:${email}`;
export const addressKey = (address: string) => `address:${address}`;
