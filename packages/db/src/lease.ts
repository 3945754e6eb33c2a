// Cluster-wide leadership over the `lease` table: whoever holds an unexpired lease runs the singleton job
// (the share-value ticker, the price generator). A crashed holder is replaced once its lease expires.
import { randomUUID } from "node:crypto";
import type { SqlClient } from "./driver.js";
import { quoteIdent } from "./schemas.js";

export class LeaderLease {
  readonly holder: string;

  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
    readonly name: string,
    private readonly ttlMs: number,
    holder: string = randomUUID(),
  ) {
    this.holder = holder;
  }

  /** Takes the lease if it is free, expired or already ours, and extends it; true when we hold it. */
  async tryAcquire(): Promise<boolean> {
    const rows = await this.sql.query<{ holder: string }>(
      `INSERT INTO ${quoteIdent(this.schema)}."lease" (name, holder, expires_at)
       VALUES ($1, $2, now() + ($3 || ' milliseconds')::interval)
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE "lease".holder = EXCLUDED.holder OR "lease".expires_at < now()
       RETURNING holder`,
      [this.name, this.holder, String(this.ttlMs)],
    );
    return rows[0]?.holder === this.holder;
  }

  async release(): Promise<void> {
    await this.sql.query(`DELETE FROM ${quoteIdent(this.schema)}."lease" WHERE name = $1 AND holder = $2`, [
      this.name,
      this.holder,
    ]);
  }
}

export interface LeaderLoop {
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` while this instance holds `lease`. Runs never overlap: a slow task delays
 * the next one rather than stacking up. Errors are reported and the loop goes on.
 */
export function runAsLeader(options: {
  lease: LeaderLease;
  intervalMs: number;
  task: () => Promise<void>;
  onError: (error: unknown) => void;
}): LeaderLoop {
  const { lease, intervalMs, task, onError } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const cycle = async () => {
    try {
      if (await lease.tryAcquire()) await task();
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(() => (running = cycle()), intervalMs);
  };
  timer = setTimeout(() => (running = cycle()), intervalMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await lease.release().catch(onError);
    },
  };
}
