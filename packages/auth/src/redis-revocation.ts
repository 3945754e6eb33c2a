// Distributed mode: revocations in Redis, so every gateway and subgraph instance agrees. A token's check is one
// MGET (its jti key and its user's watermark), made on every verification: an instance never answers from a
// stale copy. Live connections learn of new revocations over one pub/sub channel.
import { Redis } from "ioredis";
import type { Revocation, RevocationList, TokenFacts } from "./revocation.js";
import { revocationMatches } from "./revocation.js";

export interface RedisRevocationOptions {
  url: string;
  /** Prefix of every key and of the channel (REDIS_CHANNEL_PREFIX), so separate deployments on one Redis differ. */
  prefix: string;
  /** Told about connection errors (ioredis reconnects by itself). */
  onError?: (error: Error) => void;
}

/** Raises a user's watermark, never lowers it (two concurrent "logout everywhere" keep the later one). */
const RAISE_WATERMARK = `
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

export class RedisRevocationList implements RevocationList {
  private readonly listeners = new Set<(revocation: Revocation) => void>();

  private constructor(
    private readonly options: RedisRevocationOptions,
    private readonly client: Redis,
    private readonly subscriber: Redis,
  ) {}

  /** Resolves once subscribed: a revocation made after this resolves reaches this instance's listeners. */
  static async open(options: RedisRevocationOptions): Promise<RedisRevocationList> {
    const connection = { maxRetriesPerRequest: 2, lazyConnect: true };
    const client = new Redis(options.url, connection);
    const subscriber = new Redis(options.url, connection);
    const list = new RedisRevocationList(options, client, subscriber);
    for (const redis of [client, subscriber]) redis.on("error", (error) => options.onError?.(error));
    try {
      await Promise.all([client.connect(), subscriber.connect()]);
      subscriber.on("message", (_channel: string, message: string) => list.dispatch(message));
      await subscriber.subscribe(list.channel);
    } catch (error) {
      client.disconnect();
      subscriber.disconnect();
      throw error;
    }
    return list;
  }

  private get channel(): string {
    return `${this.options.prefix}auth:revocations`;
  }

  private tokenKey(tokenId: string): string {
    return `${this.options.prefix}auth:revoked-token:${tokenId}`;
  }

  private userKey(userId: string): string {
    return `${this.options.prefix}auth:revoked-before:${userId}`;
  }

  async revoke(revocation: Revocation, untilMs: number): Promise<void> {
    const ttlMs = Math.max(1, Math.ceil(untilMs - Date.now()));
    if (revocation.kind === "token") {
      await this.client.set(this.tokenKey(revocation.tokenId), revocation.userId, "PX", ttlMs);
    } else {
      await this.client.eval(RAISE_WATERMARK, 1, this.userKey(revocation.userId), revocation.issuedUpToMs, ttlMs);
    }
    await this.client.publish(this.channel, JSON.stringify(revocation));
  }

  async isRevoked(userId: string, token: TokenFacts): Promise<boolean> {
    const [revokedToken, watermark] = await this.client.mget(
      token.id === undefined ? this.userKey(userId) : this.tokenKey(token.id),
      this.userKey(userId),
    );
    if (token.id !== undefined && revokedToken !== null) return true;
    return (
      watermark !== null && revocationMatches({ kind: "user", userId, issuedUpToMs: Number(watermark) }, userId, token)
    );
  }

  onRevocation(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.subscriber.quit(), this.client.quit()]);
  }

  private dispatch(message: string): void {
    let revocation: Revocation;
    try {
      revocation = JSON.parse(message) as Revocation;
    } catch {
      return; // not ours: nothing else publishes on this channel
    }
    for (const listener of [...this.listeners]) listener(revocation);
  }
}
