// Time buckets and the windows made of them. HOUR reads 5-minute buckets, DAY and WEEK hourly ones, ALL the
// per-user total: at most 168 rows per question, whatever the number of events.
export type StatsWindow = "HOUR" | "DAY" | "WEEK" | "ALL";

/** Bucket sizes in minutes; every change is counted in one bucket of each size and in the user's total. */
export const BUCKET_SIZES = [5, 60] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

const MINUTE = 60_000;

export function bucketStart(at: number, sizeMinutes: BucketSize): number {
  const size = sizeMinutes * MINUTE;
  return Math.floor(at / size) * size;
}

/** The buckets a window reads: those of `size` starting at or after `since`. null: the total. */
export function windowBuckets(window: StatsWindow, now: number): { size: BucketSize; since: number } | null {
  switch (window) {
    case "HOUR":
      return { size: 5, since: bucketStart(now - 60 * MINUTE, 5) + 5 * MINUTE };
    case "DAY":
      return { size: 60, since: bucketStart(now - 24 * 60 * MINUTE, 60) + 60 * MINUTE };
    case "WEEK":
      return { size: 60, since: bucketStart(now - 7 * 24 * 60 * MINUTE, 60) + 60 * MINUTE };
    case "ALL":
      return null;
  }
}

/** How long buckets of a size are kept: the longest window reading them, plus one bucket. */
export function retentionMs(size: BucketSize): number {
  return size === 5 ? 65 * MINUTE : (7 * 24 + 1) * 60 * MINUTE;
}
