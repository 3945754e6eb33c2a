// Login throttling policy (pure): after 5 consecutive failures an email is locked, for a minute at first and
// twice as long after every further failure, up to an hour. A success clears it; so does a day without failures.
export const FREE_FAILURES = 5;
const BASE_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
// Longer than the longest lock, so waiting a lock out never resets the count (that would re-open 5 free tries).
export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_FAILURES));
}

export function retryAfterSeconds(lockedUntil: Date | null, now: Date): number {
  if (!lockedUntil) return 0;
  return Math.max(0, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}

/** Failures last recorded before this instant are forgotten. */
export function forgottenBefore(now: Date): Date {
  return new Date(now.getTime() - FAILURE_MEMORY_MS);
}
