// Statistics of saved snapshots, kept per user from user.snapshot.saved exactly once (event id recorded in the
// same transaction). The mean change between consecutive snapshots telescopes to (last - first) / (count - 1), so
// first and last (by time taken) are all it needs, whatever order the events come in.
import { quoteIdent } from "@tickergraph/db";
import type { EventEnvelope } from "@tickergraph/events";
import { handleOnce } from "@tickergraph/events";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Snapshot } from "@tickergraph/events";

export const SNAPSHOT_CONSUMER = "analytics.snapshot-stats";

export interface SnapshotStatsView {
  count: number;
  averageChange: number | null;
  best: number | null;
  worst: number | null;
  lastTakenAt: Date | null;
}

export class SnapshotStatsStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly schema: string,
    private readonly platformSchema: string,
  ) {}

  async apply(event: EventEnvelope<Snapshot>): Promise<boolean> {
    const { userId, value, takenAt } = event.payload;
    const table = `${quoteIdent(this.schema)}."snapshot_stats"`;
    return handleOnce(this.prisma, this.platformSchema, SNAPSHOT_CONSUMER, event.id, async (tx) => {
      await tx.$executeRawUnsafe(
        `INSERT INTO ${table} AS s (user_id, count, first_value, first_at, last_value, last_at, best, worst)
         VALUES ($1::uuid, 1, $2, $3::timestamptz, $2, $3::timestamptz, $2, $2)
         ON CONFLICT (user_id) DO UPDATE SET
           count = s.count + 1,
           first_value = CASE WHEN EXCLUDED.first_at < s.first_at THEN EXCLUDED.first_value ELSE s.first_value END,
           first_at = least(s.first_at, EXCLUDED.first_at),
           last_value = CASE WHEN EXCLUDED.last_at >= s.last_at THEN EXCLUDED.last_value ELSE s.last_value END,
           last_at = greatest(s.last_at, EXCLUDED.last_at),
           best = greatest(s.best, EXCLUDED.best),
           worst = least(s.worst, EXCLUDED.worst)`,
        userId,
        value,
        takenAt,
      );
    });
  }

  async view(userId: string): Promise<SnapshotStatsView> {
    const row = await this.prisma.snapshotStats.findUnique({ where: { userId } });
    if (!row) return { count: 0, averageChange: null, best: null, worst: null, lastTakenAt: null };
    return {
      count: row.count,
      averageChange: row.count > 1 ? (row.lastValue - row.firstValue) / (row.count - 1) : null,
      best: row.best,
      worst: row.worst,
      lastTakenAt: row.lastAt,
    };
  }
}
