// What subscription resolvers listen to: a channel's events, each event id once (the bridge delivers at least once).
// Deliberately not an async generator: return() on a generator parked in `await next()` is queued until the next
// event arrives, so a quiet channel would stay subscribed after its client left. This iterator's return() releases
// the channel at once.
import type { SubscriptionHub } from "./hub.js";
import { BoundedQueue } from "@tickergraph/bounded-queue";
import { RecentIds } from "./recent-ids.js";

export function listenDistinct<E extends { id: string }>(
  hub: SubscriptionHub,
  channel: string | string[],
): AsyncIterableIterator<E> {
  const seen = new RecentIds(1000);
  const events = Array.isArray(channel) ? listenAll<E>(hub, channel) : hub.listen<E>(channel);
  return {
    async next() {
      for (;;) {
        const result = await events.next();
        if (result.done || seen.add(result.value.id)) return result;
      }
    },
    return: () => events.return!(),
    throw: (error?: unknown) => events.throw!(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** One iterator over several channels (e.g. one per symbol); ending it releases every channel. */
function listenAll<E>(hub: SubscriptionHub, channels: string[]): AsyncIterableIterator<E> {
  const merged = new BoundedQueue<E>(1000);
  const sources = channels.map((channel) => hub.listen<E>(channel));
  merged.onEnd(() => {
    for (const source of sources) void source.return?.();
  });
  for (const source of sources) {
    void (async () => {
      try {
        for (let r = await source.next(); !r.done; r = await source.next()) merged.push(r.value);
      } catch (error) {
        merged.fail(error);
      }
    })();
  }
  return merged;
}
