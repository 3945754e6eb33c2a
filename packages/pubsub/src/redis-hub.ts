// SubscriptionHub on Redis: one publisher and ONE shared subscriber connection per process; channels are
// subscribed on Redis once, however many listeners they have, and unsubscribed when the last one leaves.
// graphql-redis-subscriptions manages the connections and SUBSCRIBE/UNSUBSCRIBE reference counts, but messages
// are dispatched by our own listener map, filled synchronously in listen(): the library registers a channel's
// handlers only when the SUBSCRIBE reply is processed, a microtask after messages in the same TCP read were
// already emitted, so under load it dropped the first messages after a subscribe.
import { RedisPubSub } from "graphql-redis-subscriptions";
import { Redis } from "ioredis";
import type { Logger } from "@tickergraph/telemetry";
import { withDeadline } from "@tickergraph/timers";
import type { SharedState, SubscriptionHub } from "./hub.js";
import { BoundedQueue } from "@tickergraph/bounded-queue";

export interface RedisHubOptions {
  url: string;
  channelPrefix: string;
  logger: Logger;
  /** Messages a listener may lag behind before it is cut off (memory bound per listener). */
  maxBacklog?: number;
}

export class RedisSubscriptionHub implements SubscriptionHub {
  readonly kind = "redis" as const;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly pubsub: RedisPubSub;
  private readonly listeners = new Map<string, Set<BoundedQueue<unknown>>>();
  private readonly maxBacklog: number;
  private readonly open = new Set<BoundedQueue<unknown>>();
  private closed = false;

  constructor(private readonly options: RedisHubOptions) {
    const connection = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
    this.publisher = new Redis(options.url, connection);
    this.subscriber = new Redis(options.url, connection);
    for (const client of [this.publisher, this.subscriber]) {
      // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
      client.on("error", (error) => options.logger.warn({ err: error }, "redis connection error"));
    }
    this.pubsub = new RedisPubSub({
      publisher: this.publisher,
      subscriber: this.subscriber,
      // Messages are parsed once, in dispatch(); the library's handlers are no-ops, so its own parse is waste.
      deserializer: () => undefined,
    });
    this.subscriber.on("message", (channel: string, message: string) => this.dispatch(channel, message));
    this.maxBacklog = options.maxBacklog ?? 1000;
  }

  /** The publishing connection doubles as the store for shared state (see SubscriptionHub.sharedState). */
  get sharedState(): SharedState {
    return { redis: this.publisher, keyPrefix: this.options.channelPrefix };
  }

  channel(name: string): string {
    return `${this.options.channelPrefix}${name}`;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pubsub.publish(this.channel(channel), message);
  }

  listen<T>(channel: string): AsyncIterableIterator<T> {
    const queue = new BoundedQueue<T>(this.maxBacklog);
    const full = this.channel(channel);
    let listeners = this.listeners.get(full);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(full, listeners);
    }
    listeners.add(queue as BoundedQueue<unknown>);
    const subscription = this.pubsub.subscribe(full, () => undefined);
    this.open.add(queue as BoundedQueue<unknown>);
    queue.onEnd(() => {
      this.open.delete(queue as BoundedQueue<unknown>);
      listeners.delete(queue as BoundedQueue<unknown>);
      if (listeners.size === 0 && this.listeners.get(full) === listeners) this.listeners.delete(full);
      // After close() the connection is gone and with it every subscription; unsubscribing would only fail.
      subscription.then(
        (id) => this.closed || this.pubsub.unsubscribe(id),
        () => undefined,
      );
    });
    subscription.catch((error: unknown) => queue.fail(error));
    return queue;
  }

  private dispatch(channel: string, message: string): void {
    const listeners = this.listeners.get(channel);
    if (!listeners || listeners.size === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      this.options.logger.warn({ channel }, "dropping a non-JSON message");
      return;
    }
    // One parsed message is shared by every listener of the channel: listeners treat messages as read-only.
    for (const listener of listeners) listener.push(parsed);
  }

  stats() {
    let listeners = 0;
    for (const set of this.listeners.values()) listeners += set.size;
    return { channels: this.listeners.size, listeners };
  }

  /** PING on the publisher within `timeoutMs`, and the shared subscriber connected (else feeds are silent). */
  async isHealthy(timeoutMs = 1000): Promise<boolean> {
    if (this.closed || this.subscriber.status !== "ready") return false;
    try {
      return (await withDeadline(this.publisher.ping(), timeoutMs, "Redis PING")) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const queue of [...this.open]) void queue.return();
    await Promise.all([quitWithin(this.publisher, 1000), quitWithin(this.subscriber, 1000)]);
  }
}

/**
 * QUIT is answered after every reply already owed, so a SUBSCRIBE still in flight settles first: a plain
 * disconnect would reject it inside graphql-redis-subscriptions, where nothing catches it. A server that
 * does not answer in time gets a hard disconnect.
 */
async function quitWithin(client: Redis, ms: number): Promise<void> {
  try {
    await withDeadline(client.quit(), ms, "Redis QUIT");
  } catch {
    // Already closed, unreachable or too slow: the hard disconnect below ends it.
  } finally {
    client.disconnect();
  }
}
