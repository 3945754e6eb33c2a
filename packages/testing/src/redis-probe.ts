import { Redis } from "ioredis";
import { infraUrls } from "./run-scope.js";
import { until } from "./until.js";

/**
 * Resolves once Redis reports at least `count` channels matching `pattern` with a subscriber. A GraphQL subscribe
 * returns before the server's Redis SUBSCRIBE completes; publishing before that would lose the message.
 */
export async function redisSubscribed(pattern: string, count = 1, timeoutMs = 10_000): Promise<void> {
  const redis = new Redis(infraUrls().redis);
  try {
    await until(
      `${count} Redis channel(s) matching ${pattern}`,
      async () => ((await redis.pubsub("CHANNELS", pattern)) as string[]).length >= count,
      timeoutMs,
      5,
    );
  } finally {
    redis.disconnect();
  }
}
