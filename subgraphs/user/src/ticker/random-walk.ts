// The share-value random walk (pure). The SQL in share-ticker.ts applies the same rule in bulk; this module is
// the reference for it and for tests.
export const MAX_STEP = 0.02;
export const MIN_VALUE = 1;
export const MAX_VALUE = 10_000;

/** One bounded step: a move of at most ±MAX_STEP of the value, clamped to [MIN_VALUE, MAX_VALUE], 2 decimals. */
export function nextShareValue(value: number, random: () => number = Math.random): number {
  const moved = value * (1 + (random() * 2 - 1) * MAX_STEP);
  return Math.round(Math.min(MAX_VALUE, Math.max(MIN_VALUE, moved)) * 100) / 100;
}
