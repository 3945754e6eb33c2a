// Failed-login bookkeeping in Postgres, shared by every instance. A password check is RESERVED before it runs, by
// one atomic upsert per counter that counts it as a failure and sets the lock it would earn, and that refuses while
// a lock holds: N concurrent guesses get N distinct counts, so no more than the free failures are ever checked
// (a read-then-write would let them all read "not locked" first). A success gives its reservations back.
import type { SqlClient } from "@tickergraph/db";
import { AppError } from "@tickergraph/errors";
import type { ThrottleRule } from "./throttle-policy.js";
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  accountKey,
  addressKey,
  forgottenBefore,
  retryAfterSeconds,
} from "./throttle-policy.js";

export interface LoginReservation {
  /** The password was right: clears this (account, address) counter and returns the address's one count. */
  succeeded(): Promise<void>;
}

export class LoginThrottle {
  private readonly table: string;

  constructor(
    private readonly sql: SqlClient,
    schema: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.table = `"${schema.replaceAll('"', '""')}"."login_throttle"`;
  }

  /**
   * Reserves one password check for `email` from `address`; throws UNAUTHENTICATED with `retryAfterSeconds` while
   * the address or this (account, address) pair is locked. Until `succeeded()`, the check counts as a failure.
   */
  async reserve(email: string, address: string): Promise<LoginReservation> {
    const byAddress = addressKey(address);
    const byAccount = accountKey(email, address);
    await this.reserveOne(byAddress, ADDRESS_RULE);
    await this.reserveOne(byAccount, ACCOUNT_RULE);
    return {
      succeeded: async () => {
        await this.sql.query(`DELETE FROM ${this.table} WHERE throttle_key = $1`, [byAccount]);
        await this.sql.query(
          `UPDATE ${this.table} SET failures = GREATEST(failures - 1, 0),
             locked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE locked_until END
           WHERE throttle_key = $1`,
          [byAddress, ADDRESS_RULE.freeFailures],
        );
      },
    };
  }

  private async reserveOne(key: string, rule: ThrottleRule): Promise<void> {
    const now = this.now();
    // `next` is the count this attempt makes; the lock it earns is set in the same statement, so the attempt after
    // the last free one finds the row locked whatever the interleaving.
    const next = `(CASE WHEN t.updated_at < $6::timestamptz THEN 1 ELSE t.failures + 1 END)`;
    const lockFor = (count: string) =>
      `CASE WHEN ${count} >= $3::int THEN $2::timestamptz + LEAST($5::float8, $4::float8 * power(2, LEAST(${count} - $3::int, 30))) * interval '1 millisecond' END`;
    const reserved = await this.sql.query<{ failures: number }>(
      `INSERT INTO ${this.table} AS t (throttle_key, failures, locked_until, updated_at)
       VALUES ($1, 1, ${lockFor("1")}, $2::timestamptz)
       ON CONFLICT (throttle_key) DO UPDATE SET failures = ${next}, locked_until = ${lockFor(next)}, updated_at = $2::timestamptz
       WHERE t.locked_until IS NULL OR t.locked_until <= $2::timestamptz
       RETURNING failures`,
      [key, now.toISOString(), rule.freeFailures, rule.baseLockMs, rule.maxLockMs, forgottenBefore(now).toISOString()],
    );
    if (reserved.length > 0) return;
    const [row] = await this.sql.query<{ locked_until: Date | string | null }>(
      `SELECT locked_until FROM ${this.table} WHERE throttle_key = $1`,
      [key],
    );
    const wait = Math.max(1, retryAfterSeconds(row?.locked_until ? new Date(row.locked_until) : null, now));
    throw new AppError(`Too many failed logins; try again in ${wait} s`, "UNAUTHENTICATED", {
      retryAfterSeconds: wait,
    });
  }
}
