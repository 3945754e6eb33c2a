// The running spending total, cached in Redis in the distributed mode so internal callers (WalletService) get it
// in one round trip. Postgres is the truth: the consumer overwrites the key after each commit, readers fill a
// missing key with SET NX (so a reader holding an older total never overwrites a newer one), and a lost key is
// simply rebuilt from Postgres on the next read. A TTL bounds how long any mistake could last.
import type { Redis } from "ioredis";

export interface BalanceCache {
  get(userId: string): Promise<number | null>;
  /** After a commit: the new total wins. */
  set(userId: string, total: number): Promise<void>;
  /** After a read from Postgres: only where nothing newer is cached. */
  fill(userId: string, total: number): Promise<void>;
}

const TTL_SECONDS = 3600;

export class RedisBalanceCache implements BalanceCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(userId: string): string {
    return `${this.prefix}analytics:balance:${userId}`;
  }

  async get(userId: string): Promise<number | null> {
    const value = await this.redis.get(this.key(userId));
    return value === null ? null : Number(value);
  }

  async set(userId: string, total: number): Promise<void> {
    await this.redis.set(this.key(userId), String(total), "EX", TTL_SECONDS);
  }

  async fill(userId: string, total: number): Promise<void> {
    await this.redis.set(this.key(userId), String(total), "EX", TTL_SECONDS, "NX");
  }
}

/** Embedded mode: no Redis, every read goes to the database (which is in-process anyway). */
export const noBalanceCache: BalanceCache = {
  get: async () => null,
  set: async () => undefined,
  fill: async () => undefined,
};
