import type { Redis } from "ioredis";

export interface SharedState {
  redis: Redis;
  keyPrefix: string;
}

/**
 * The pub/sub surface GraphQL subscription resolvers use. Implementations: Redis (one shared subscriber
 * connection, reference-counted channels) and in-process. Channel names are built with `channels.ts`.
 */
export interface SubscriptionHub {
  readonly kind: "redis" | "in-process";
  /**
   * Redis for state every instance of a service must see (quotes, the bridge's dedupe keys, caches), and the
   * prefix its keys take; present on the Redis hub (distributed mode), absent in-process (embedded mode, where
   * one process is every instance).
   */
  readonly sharedState?: SharedState;
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * An async iterator over messages on `channel`. The channel subscription is taken when this is called
   * (not on first next()) and released exactly once on return()/throw(), so a client that leaves before its
   * first event leaks nothing.
   */
  listen<T = unknown>(channel: string): AsyncIterableIterator<T>;
  /** Live counts, asserted by tests to return to zero after teardown. */
  stats(): { channels: number; listeners: number };
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
