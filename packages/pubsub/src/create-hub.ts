import type { AppConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import type { SubscriptionHub } from "./hub.js";
import { InProcessSubscriptionHub } from "./in-process-hub.js";
import { RedisSubscriptionHub } from "./redis-hub.js";

/** Redis in distributed mode, in-process in embedded mode. */
export function createSubscriptionHub(config: AppConfig, logger: Logger): SubscriptionHub {
  if (config.mode === "embedded") return new InProcessSubscriptionHub();
  return new RedisSubscriptionHub({ url: config.redis.url, channelPrefix: config.redis.channelPrefix, logger });
}
