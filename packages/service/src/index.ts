// What every service is built from: the GraphQL server (HTTP + graphql-ws), its runtime, and process lifecycle.
export { startGraphQLService, type GraphQLServiceOptions, type RunningService } from "./graphql-service.js";
export type { BaseContext } from "./context.js";
export {
  createRuntime,
  createSharedRuntime,
  runtimeHealthChecks,
  type Runtime,
  type SharedRuntime,
} from "./runtime.js";
export { startSubgraph, type SubgraphFoundation, type SubgraphDefinition } from "./subgraph-foundation.js";
export { runUntilSignal } from "./process-lifecycle.js";
export { runHealthChecks, type HealthChecks, type ReadinessReport } from "./readiness.js";
export { authorizationFromConnectionParams, clientAddressOf, identityFromHttpHeader } from "./identity.js";
export { apolloLogger, type ApolloLogger } from "./apollo-logger.js";
export { listen, type ListeningAddress } from "./listen.js";
export { httpErrorHandler } from "./http-errors.js";
export {
  createRuntimeMetrics,
  createServiceMetrics,
  httpRequestMetrics,
  metricsHandler,
  type RuntimeMetrics,
  type ServiceMetrics,
} from "./metrics.js";
export { instrumentBus } from "./instrumented-bus.js";
export { publishNow, PUBLISH_DEADLINE_MS } from "./publish-now.js";
export { refuseNulCharacters } from "./input-guards.js";
export { withEmbeddedSecret } from "./embedded-secret.js";
export { openRevocationList } from "./revocations.js";
export { TeardownStack } from "./teardown-stack.js";
export {
  CachedUserDirectory,
  GrpcUserDirectory,
  openUserDirectory,
  requireExistingUser,
  USER_DIRECTORY_PROTO,
  USER_DIRECTORY_SERVICE,
  USER_EXISTS_CACHE_MS,
  type UserDirectory,
} from "./user-directory.js";
