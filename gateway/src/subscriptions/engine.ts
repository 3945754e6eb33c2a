// The subscription engine: plans a client's subscription, attaches it to a shared upstream Feed and execution
// group, and hands back an iterator of shared results. Transports (graphql-ws, SSE) sit on top of it.
import type { GraphQLDataSource } from "@apollo/gateway";
import { GraphQLError, type DocumentNode, type ExecutionResult } from "graphql";
import type { Identity } from "@tickergraph/auth";
import { UnauthenticatedError } from "@tickergraph/errors";
import { ListenerQueue } from "@tickergraph/pubsub";
import { newRequestId, type Logger } from "@tickergraph/telemetry";
import { queueSink, type ClientSink } from "./client-sink.js";
import { executeEvent, eventQueryPlan } from "./event-execution.js";
import { ExecutionGroup, Feed } from "./feed.js";
import type { SubscriptionMetrics } from "./metrics.js";
import { operationDepth } from "./operation-depth.js";
import type { SubscriptionPlanner } from "./planner.js";
import { shareResult, type SharedResult } from "./shared-result.js";
import { stableStringify } from "./stable-key.js";
import { upstreamEnded, upstreamRefusal } from "./subscription-ended.js";
import type { UpstreamConnections } from "./upstream.js";

export interface ClientRequest {
  document: DocumentNode;
  /** The query text as sent; part of the execution-group key. */
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  identity: Identity | null;
  /** The verified Authorization header, forwarded to subgraphs for this client's user-scoped work. */
  authorization: string | undefined;
}

export interface EngineOptions {
  planner: SubscriptionPlanner;
  upstream: UpstreamConnections;
  serviceMap: Record<string, GraphQLDataSource>;
  subgraphWsUrl(name: string): string;
  logger: Logger;
  metrics: SubscriptionMetrics;
  maxDepth: number;
  /** Results a client may have queued before it is cut off. */
  maxClientBacklog: number;
  /** When false, every client gets its own upstream and execution (benchmark baseline). */
  dedupe: boolean;
}

export class SubscriptionEngine {
  private readonly feeds = new Map<string, Feed>();
  private clientCount = 0;
  private uniqueCounter = 0;

  constructor(private readonly options: EngineOptions) {}

  /**
   * Attaches `sink` (default: a bounded pull queue, returned) to the shared feed for `request`.
   * Throws a GraphQLError (validation, depth, UNAUTHENTICATED) before anything is opened.
   */
  subscribe(request: ClientRequest): AsyncIterableIterator<SharedResult>;
  subscribe(request: ClientRequest, sink: ClientSink): ClientSink;
  subscribe(request: ClientRequest, sink?: ClientSink): AsyncIterableIterator<SharedResult> | ClientSink {
    const { planner, metrics } = this.options;
    const depth = operationDepth(request.document);
    if (depth > this.options.maxDepth) {
      throw new GraphQLError(`Operation depth ${depth} exceeds the limit of ${this.options.maxDepth}`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    const plan = planner.plan(request.document, request.operationName, request.query);
    if (plan.userScoped && !request.identity) {
      throw new UnauthenticatedError(`${plan.rootField} needs a signed-in user: send authorization in connection_init`);
    }
    const scopeKey = plan.userScoped ? `user:${request.identity!.userId}` : "public";
    const primaryVariables = pick(request.variables, plan.primary.variableUsages);
    const unique = this.options.dedupe ? "" : `|${this.uniqueCounter++}`;
    const feedKey = `${plan.primary.serviceName}|${scopeKey}|${plan.primary.operation}|${stableStringify(primaryVariables)}${unique}`;
    const groupKey = `${request.identity?.userId ?? "anonymous"}|${request.operationName ?? ""}|${request.query}|${stableStringify(request.variables)}`;

    const feed = this.feeds.get(feedKey) ?? this.openFeed(feedKey, plan.primary.serviceName, scopeKey, primaryVariables, plan.primary, request);
    const queryPlan = eventQueryPlan(plan.primary, plan.rest);
    // One request id per execution group: every entity fetch it makes for its events can be traced in subgraph logs.
    const context = { identity: request.identity, authorization: request.authorization, requestId: newRequestId() };
    const group = feed.group(
      groupKey,
      () =>
        new ExecutionGroup(
          groupKey,
          async (event, receivedAt) => {
            const result = await executeEvent({
              event,
              plan,
              queryPlan,
              planner,
              serviceMap: this.options.serviceMap,
              variables: request.variables,
              context,
            }).catch((error: unknown) => ({ errors: [toGraphQLError(error)] }));
            return shareResult(result, receivedAt, (error) => logMaskedError(this.options.logger, error, context.requestId));
          },
          () => feed.removeGroup(groupKey),
          (clients, receivedAt) => {
            metrics.messagesOut.inc(clients);
            // Arrival of the upstream event → the last client's frame handed to its socket.
            metrics.deliveryLatency.observe((performance.now() - receivedAt) / 1000);
          },
        ),
    );
    const queue = sink ? undefined : new ListenerQueue<SharedResult>(this.options.maxClientBacklog);
    const client = sink ?? queueSink(queue!);
    this.clientCount++;
    metrics.activeSubscriptions.inc();
    client.onEnd(() => {
      this.clientCount--;
      metrics.activeSubscriptions.dec();
    });
    group.add(client);
    return queue ?? client;
  }

  stats(): { clientSubscriptions: number; upstreamSubscriptions: number; executionGroups: number } {
    let executionGroups = 0;
    for (const feed of this.feeds.values()) executionGroups += feed.groups.size;
    return { clientSubscriptions: this.clientCount, upstreamSubscriptions: this.feeds.size, executionGroups };
  }

  close(): void {
    for (const feed of [...this.feeds.values()]) {
      for (const group of [...feed.groups.values()]) group.end();
      feed.close();
    }
  }

  private openFeed(
    key: string,
    serviceName: string,
    scopeKey: string,
    variables: Record<string, unknown>,
    primary: { operation: string; operationName?: string | undefined },
    request: ClientRequest,
  ): Feed {
    const { upstream, metrics, subgraphWsUrl } = this.options;
    const connection = upstream.acquire(subgraphWsUrl(serviceName), scopeKey, scopeKey === "public" ? undefined : request.authorization);
    const feed = new Feed(
      key,
      (sink) =>
        connection.client.subscribe(
          { query: primary.operation, variables, ...(primary.operationName ? { operationName: primary.operationName } : {}) },
          {
            // A subgraph that refuses the subscription (bad arguments, auth) answers with one result without
            // `data`, then completes: that is the end of the feed with the subgraph's errors, not an event.
            next: (event) => {
              const refusal = upstreamRefusal(event);
              if (refusal) sink.error(upstreamEnded(serviceName, refusal));
              else sink.next(event as ExecutionResult);
            },
            complete: sink.complete,
            error: (failure) => sink.error(upstreamEnded(serviceName, failure)),
          },
        ),
      () => {
        this.feeds.delete(key);
        metrics.upstreamSubscriptions.dec();
        connection.release();
      },
      () => metrics.eventsIn.inc(),
    );
    this.feeds.set(key, feed);
    metrics.upstreamSubscriptions.inc();
    feed.start();
    return feed;
  }
}

function pick(variables: Record<string, unknown>, names: readonly string[] | undefined): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names ?? []) if (variables[name] !== undefined) picked[name] = variables[name];
  return picked;
}

/**
 * A subgraph's failure on an entity fetch was already logged by that subgraph, and would otherwise be logged again
 * here on every event of every group: a warning. Anything else masked here is the gateway's own fault: an error.
 */
function logMaskedError(logger: Logger, error: unknown, requestId: string): void {
  const downstream = error instanceof GraphQLError && typeof error.extensions?.serviceName === "string";
  if (downstream) logger.warn({ err: error, requestId }, "entity fetch failed for a subscription event");
  else logger.error({ err: error, requestId }, "event execution failed");
}

function toGraphQLError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError("Internal server error", { originalError: error as Error });
}
