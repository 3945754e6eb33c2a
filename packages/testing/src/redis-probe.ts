import { Redis } from "ioredis";
import { withTimeout } from "./await-event.js";

/**
 * Resolves once Redis reports at least `count` channels matching `pattern` with a subscriber. A GraphQL subscribe
 * returns before the server's Redis SUBSCRIBE completes; publishing before that would lose the message.
 */
export async function redisSubscribed(pattern: string, count = 1, timeoutMs = 10_000): Promise<void> {
  const redis = new Redis("redis://127.0.0.1:6379");
  try {
    await withTimeout(
      (async () => {
        while (((await redis.pubsub("CHANNELS", pattern)) as string[]).length < count) {
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      timeoutMs,
      `${count} Redis channel(s) matching ${pattern}`,
    );
  } finally {
    redis.disconnect();
  }
}
