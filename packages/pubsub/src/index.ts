// Live-feed plumbing: the SubscriptionHub (Redis or in-process), channel naming, and the Kafka → hub bridge.
export type { SharedState, SubscriptionHub } from "./hub.js";
export { RedisSubscriptionHub, type RedisHubOptions } from "./redis-hub.js";
export { InProcessSubscriptionHub } from "./in-process-hub.js";
export { createSubscriptionHub } from "./create-hub.js";
export { publicChannel, userChannel, keyedChannel } from "./channels.js";
export {
  startEventBridge,
  unseenEvents,
  type BridgeRoutes,
  type EventBridge,
  type EventBridgeOptions,
} from "./bridge.js";
export { RecentIds } from "./recent-ids.js";
export { listenDistinct } from "./distinct-events.js";
