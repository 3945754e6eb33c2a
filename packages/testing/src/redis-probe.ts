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

/**
 * Resolves once Redis reports no channel matching `pattern` with a subscriber (every listener let go), apart from
 * the `kept` channels a running service holds for its whole life (e.g. the token revocation channel).
 */
export async function redisUnsubscribed(pattern: string, timeoutMs = 10_000, kept: string[] = []): Promise<void> {
  const redis = new Redis(infraUrls().redis);
  try {
    await until(
      `no Redis channel matching ${pattern}${kept.length ? ` but ${kept.join(", ")}` : ""}`,
      async () =>
        ((await redis.pubsub("CHANNELS", pattern)) as string[]).filter((channel) => !kept.includes(channel)).length ===
        0,
      timeoutMs,
    );
  } finally {
    redis.disconnect();
  }
}
