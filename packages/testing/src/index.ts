// Helpers for integration tests: real-infra probes, unique per-run names, and awaiting events with a timeout.
export { probeInfra, requireInfra, type InfraName } from "./infra.js";
export { uniqueRunId, testConfig, infraUrls } from "./run-scope.js";
export { until, withTimeout } from "./until.js";
export { nextValue, collect } from "./await-event.js";
export { graphqlRequest, type GraphQLResponse } from "./graphql-http.js";
export { openSubscription, type LiveSubscription } from "./graphql-ws-client.js";
export { redisSubscribed, redisUnsubscribed } from "./redis-probe.js";
export { startPrivateKafka, kafkaLibsDir, type PrivateKafka } from "./private-kafka.js";
export type { UntypedJson } from "./untyped-json.js";
