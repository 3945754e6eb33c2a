// SubscriptionHub within one process (embedded mode): the same contract as Redis, without a server.
import type { SubscriptionHub } from "./hub.js";
import { BoundedQueue } from "@tickergraph/bounded-queue";

export class InProcessSubscriptionHub implements SubscriptionHub {
  readonly kind = "in-process" as const;
  private readonly channels = new Map<string, Set<BoundedQueue<unknown>>>();

  constructor(private readonly maxBacklog = 1000) {}

  async publish(channel: string, message: unknown): Promise<void> {
    const listeners = this.channels.get(channel);
    if (!listeners) return;
    // A JSON round trip, as Redis would do, so no listener can mutate what another one sees.
    const serialized = JSON.stringify(message);
    for (const listener of listeners) listener.push(JSON.parse(serialized));
  }

  listen<T>(channel: string): AsyncIterableIterator<T> {
    const queue = new BoundedQueue<T>(this.maxBacklog);
    let listeners = this.channels.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.channels.set(channel, listeners);
    }
    listeners.add(queue as BoundedQueue<unknown>);
    queue.onEnd(() => {
      listeners.delete(queue as BoundedQueue<unknown>);
      if (listeners.size === 0) this.channels.delete(channel);
    });
    return queue;
  }

  stats() {
    let listeners = 0;
    for (const set of this.channels.values()) listeners += set.size;
    return { channels: this.channels.size, listeners };
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    for (const set of this.channels.values()) for (const queue of set) void queue.return();
  }
}
