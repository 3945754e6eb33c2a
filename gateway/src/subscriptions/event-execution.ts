// Resolves one upstream event into the client's result: the event stands in for the primary fetch's response,
// then the plan's `rest` runs exactly as for a query (Flatten, entity fetches), and Apollo's result shaping applies
// the client's selection (aliases, fragments, __typename, @skip/@include, variables).
import type { GraphQLDataSource } from "@apollo/gateway";
import { executeQueryPlan } from "@apollo/gateway";
import type { FetchNode, PlanNode, QueryPlan } from "@apollo/query-planner";
import type { ExecutionResult } from "graphql";
import { GraphQLError, Kind } from "graphql";
import type { GatewayContext } from "../context.js";
import type { SubscriptionPlan, SubscriptionPlanner } from "./planner.js";

/** The request context executeQueryPlan takes, named from its own signature so an Apollo upgrade that changes it fails to compile. */
type GatewayRequestContext = Parameters<typeof executeQueryPlan>[2];
/** Apollo's logger interface (string messages): what executeQueryPlan logs its own problems to. */
export type ApolloLogger = GatewayRequestContext["logger"];

/** A service name no subgraph can have: the fetch routed to it answers with the upstream event. */
const EVENT_SOURCE = "__tickergraph_upstream_event__";

/** Events are never cached: a cache that stores nothing. */
const NO_CACHE: GatewayRequestContext["cache"] = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => true,
};

export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{
    message: string;
    path?: ReadonlyArray<string | number>;
    extensions?: Record<string, unknown>;
  }>;
}

export function eventQueryPlan(primary: FetchNode, rest: PlanNode | undefined): QueryPlan {
  const seed: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
  return { kind: "QueryPlan", node: rest ? { kind: "Sequence", nodes: [seed, rest] } : seed };
}

export async function executeEvent(options: {
  event: UpstreamEvent;
  plan: SubscriptionPlan;
  queryPlan: QueryPlan;
  planner: SubscriptionPlanner;
  serviceMap: Record<string, GraphQLDataSource>;
  variables: Record<string, unknown>;
  context: GatewayContext;
  logger: ApolloLogger;
}): Promise<ExecutionResult> {
  const { event, plan, planner } = options;
  const eventSource: GraphQLDataSource = {
    process: async () => ({
      data: event.data ?? null,
      ...(event.errors ? { errors: event.errors as GraphQLError[] } : {}),
    }),
  };
  const { operation } = plan.operationContext;
  const requestContext: GatewayRequestContext = {
    request: { variables: options.variables },
    logger: options.logger,
    schema: planner.apiGraphQLSchema,
    schemaHash: "" as GatewayRequestContext["schemaHash"],
    context: options.context,
    cache: NO_CACHE,
    queryHash: "",
    document: { kind: Kind.DOCUMENT, definitions: [operation] },
    source: "",
    operationName: operation.name?.value ?? null,
    operation,
    metrics: {},
    overallCachePolicy: undefined,
  };
  const result = await executeQueryPlan(
    options.queryPlan,
    { ...options.serviceMap, [EVENT_SOURCE]: eventSource },
    requestContext,
    plan.operationContext,
    planner.supergraphGraphQLSchema,
    planner.apiSchema,
  );
  return withServiceName(result as ExecutionResult, plan.primary.serviceName);
}

/** Errors the event itself carried are the primary subgraph's: name it, not the internal event source. */
function withServiceName(result: ExecutionResult, serviceName: string): ExecutionResult {
  if (!result.errors?.some((error) => error.extensions?.serviceName === EVENT_SOURCE)) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions?.serviceName !== EVENT_SOURCE) return error;
    return new GraphQLError(error.message, {
      ...(error.path ? { path: error.path } : {}),
      originalError: error.originalError ?? undefined,
      extensions: { ...error.extensions, serviceName },
    });
  });
  return { ...result, errors };
}
