// The subscription engine: plans a client's subscription, attaches it to a shared upstream Feed and execution
// group, and hands back an iterator of shared results. Transports (graphql-ws, SSE) sit on top of it.
//
// Sharing rule (decided per operation from the schema, see scope.ts):
// - public operation: one upstream per (subgraph, primary operation, variables) and one execution per (document,
//   variables) for every client, signed in or not, resolved WITHOUT credentials;
// - per-user operation (root field @userScoped, or a caller-dependent field selected): one execution per (user id,
//   document, variables), resolved with the freshest unexpired token among that user's clients; a @userScoped
//   upstream is also opened per user.
import type { GraphQLDataSource } from "@apollo/gateway";
import type { DocumentNode, ExecutionResult } from "graphql";
import { GraphQLError } from "graphql";
import type { Identity } from "@tickergraph/auth";
import { CLOSE_CODES, UnauthenticatedError } from "@tickergraph/errors";
import { BoundedQueue } from "@tickergraph/bounded-queue";
import { apolloLogger } from "@tickergraph/service";
import type { Logger } from "@tickergraph/telemetry";
import type { ClientSink } from "./client-sink.js";
import { queueSink } from "./client-sink.js";
import type { ApolloLogger } from "./event-execution.js";
import { ExecutionGroup, Feed } from "./feed.js";
import { GroupWork } from "./group-work.js";
import type { SubscriptionMetrics } from "./metrics.js";
import { operationDepth } from "./operation-depth.js";
import type { SubscriptionPlan, SubscriptionPlanner } from "./planner.js";
import type { SharedResult } from "./shared-result.js";
import { shareResult } from "./shared-result.js";
import { stableStringify } from "./stable-key.js";
import { SubscriptionEnded, upstreamEnded, upstreamRefusal } from "./subscription-ended.js";
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
  /** Events waiting for one group's execution before its clients are ended as overloaded. */
  maxPendingEvents: number;
  /** When false, every client gets its own upstream and execution (benchmark baseline). */
  dedupe: boolean;
  /** The clock token expiry is judged by (tests inject one). */
  now?: () => number;
}

/** Every client of a per-user group has an expired token (their transports end them too): nothing is fetched. */
function sessionExpired(): SubscriptionEnded {
  return new SubscriptionEnded([{ message: "Token expired", extensions: { code: "UNAUTHENTICATED" } }]);
}

export class SubscriptionEngine {
  private readonly feeds = new Map<string, Feed>();
  /** Each live group's work and the feed it hangs on (a schema reload may move a group to another feed). */
  private readonly groups = new Map<
    ExecutionGroup,
    { work: GroupWork; feed: Feed; unique: string; unlend: () => void }
  >();
  private clientCount = 0;
  private uniqueCounter = 0;
  private planner: SubscriptionPlanner;
  private serviceMap: Record<string, GraphQLDataSource>;
  private readonly apolloLogger: ApolloLogger;
  private readonly now: () => number;

  constructor(private readonly options: EngineOptions) {
    this.planner = options.planner;
    this.serviceMap = options.serviceMap;
    this.apolloLogger = apolloLogger(options.logger);
    this.now = options.now ?? Date.now;
  }

  /**
   * Attaches `sink` (default: a bounded pull queue, returned) to the shared feed for `request`.
   * Throws a GraphQLError (validation, depth, UNAUTHENTICATED) before anything is opened.
   */
  subscribe(request: ClientRequest): AsyncIterableIterator<SharedResult>;
  subscribe(request: ClientRequest, sink: ClientSink): ClientSink;
  subscribe(request: ClientRequest, sink?: ClientSink): AsyncIterableIterator<SharedResult> | ClientSink {
    const { metrics } = this.options;
    const depth = operationDepth(request.document);
    if (depth > this.options.maxDepth) {
      throw new GraphQLError(`Operation depth ${depth} exceeds the limit of ${this.options.maxDepth}`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    const plan = this.planner.plan(request.document, request.operationName, request.query);
    if (plan.userScoped && !request.identity) {
      throw new UnauthenticatedError(`${plan.rootField} needs a signed-in user: send authorization in connection_init`);
    }
    const identity = plan.perUser ? request.identity : null;
    const unique = this.options.dedupe ? "" : `|${this.uniqueCounter++}`;
    const feed = this.feedFor(plan, request.variables, request.identity, unique);
    const groupKey = `${identity ? `user:${identity.userId}` : plan.perUser ? "anonymous" : "public"}|${request.operationName ?? ""}|${request.query}|${stableStringify(request.variables)}${unique}`;
    const group = feed.group(groupKey, () =>
      this.openGroup(groupKey, feed, new GroupWork(request, plan, identity, this.now), unique),
    );
    const { work } = this.groups.get(group)!;

    const queue = sink ? undefined : new BoundedQueue<SharedResult>(this.options.maxClientBacklog);
    const client = sink ?? queueSink(queue!);
    this.clientCount++;
    metrics.activeSubscriptions.inc();
    // The client's token serves its group (and through it a user-scoped upstream) for exactly as long as it stays.
    const releaseCredential = work.credentials.hold(identity ? request.authorization : undefined);
    client.onEnd(() => {
      this.clientCount--;
      metrics.activeSubscriptions.dec();
      releaseCredential();
    });
    group.add(client);
    return queue ?? client;
  }

  /**
   * Swaps in the planner of a new supergraph. Every open subscription is re-planned: when its upstream operation
   * is unchanged it keeps its upstream and only its `rest` changes; when the new schema needs a different upstream
   * operation for it, it moves to one (the client notices nothing); when the schema no longer has what it selects,
   * it ends with SCHEMA_CHANGED. Returns how many groups went each way.
   */
  reload(
    planner: SubscriptionPlanner,
    serviceMap: Record<string, GraphQLDataSource>,
  ): { kept: number; moved: number; ended: number } {
    this.planner = planner;
    this.serviceMap = serviceMap;
    const outcome = { kept: 0, moved: 0, ended: 0 };
    for (const [group, entry] of [...this.groups]) {
      const { work } = entry;
      const { document, operationName, query } = work.operation;
      let plan: SubscriptionPlan;
      try {
        plan = planner.plan(document, operationName, query);
      } catch (error) {
        outcome.ended++;
        group.fail(schemaChanged(work.plan.rootField, error));
        continue;
      }
      if (plan.perUser !== work.plan.perUser || plan.userScoped !== work.plan.userScoped) {
        // Who the work is for changed (a field became caller-dependent, say): the group key no longer holds.
        outcome.ended++;
        group.fail(schemaChanged(work.plan.rootField, new Error(`how ${plan.rootField} is shared changed`)));
        continue;
      }
      work.replan(plan);
      const target = this.feedFor(plan, work.operation.variables, work.identity, entry.unique);
      if (target === entry.feed) {
        outcome.kept++;
        continue;
      }
      outcome.moved++;
      const from = entry.feed;
      entry.unlend();
      entry.feed = target;
      entry.unlend = target.lendCredentials(work.credentials);
      target.adopt(group);
      from.removeGroup(group.key);
    }
    return outcome;
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

  private feedFor(
    plan: SubscriptionPlan,
    variables: Record<string, unknown>,
    identity: Identity | null,
    unique: string,
  ): Feed {
    const { primary } = plan;
    const scopeKey = plan.userScoped ? `user:${identity!.userId}` : "public";
    const primaryVariables = pick(variables, primary.variableUsages);
    const key = `${primary.serviceName}|${scopeKey}|${primary.operation}|${stableStringify(primaryVariables)}${unique}`;
    return this.feeds.get(key) ?? this.openFeed(key, primary.serviceName, scopeKey, primaryVariables, primary);
  }

  private openGroup(key: string, feed: Feed, work: GroupWork, unique: string): ExecutionGroup {
    const { metrics, logger } = this.options;
    const group = new ExecutionGroup(
      key,
      async (event, receivedAt) => {
        const context = work.context();
        if (!context) throw sessionExpired();
        const result = await work
          .execute(event, context, { planner: this.planner, serviceMap: this.serviceMap, logger: this.apolloLogger })
          .catch((error: unknown) => ({ errors: [toGraphQLError(error)] }));
        return shareResult(result, receivedAt, (error) => logMaskedError(logger, error, work.requestId));
      },
      () => {
        const current = this.groups.get(group);
        this.groups.delete(group);
        current?.unlend();
        current?.feed.removeGroup(key);
      },
      (clients, receivedAt) => {
        metrics.messagesOut.inc(clients);
        // Arrival of the upstream event → the last client's frame handed to its socket.
        metrics.deliveryLatency.observe((performance.now() - receivedAt) / 1000);
      },
      this.options.maxPendingEvents,
    );
    this.groups.set(group, { work, feed, unique, unlend: feed.lendCredentials(work.credentials) });
    return group;
  }

  private openFeed(
    key: string,
    serviceName: string,
    scopeKey: string,
    variables: Record<string, unknown>,
    primary: { operation: string; operationName?: string | undefined },
  ): Feed {
    const { upstream, metrics, subgraphWsUrl } = this.options;
    // No credentials of its own: a user-scoped feed's groups lend theirs while they are on it, and the connection
    // (re)connects with the freshest of them. It connects lazily, after the first group has lent its.
    const connection = upstream.acquire(subgraphWsUrl(serviceName), scopeKey);
    const feed = new Feed(
      key,
      (sink) => {
        let unsubscribe: () => void = () => undefined;
        const subscribe = () => {
          unsubscribe = connection.client.subscribe(
            {
              query: primary.operation,
              variables,
              ...(primary.operationName ? { operationName: primary.operationName } : {}),
            },
            {
              // A subgraph that refuses the subscription (bad arguments, auth) answers with one result without
              // `data`, then completes: that is the end of the feed with the subgraph's errors, not an event.
              next: (event) => {
                const refusal = upstreamRefusal(event);
                if (refusal) sink.error(upstreamEnded(serviceName, refusal));
                else sink.next(event as ExecutionResult);
              },
              complete: sink.complete,
              error: (failure) => {
                // The socket's token expired or was revoked while other clients of the scope hold a valid one: the
                // feed goes on over a socket opened with theirs (events in between are lost, as on any reconnect).
                if (isTokenRefusal(failure) && connection.hasFresherToken()) subscribe();
                else sink.error(upstreamEnded(serviceName, failure));
              },
            },
          );
        };
        subscribe();
        return () => unsubscribe();
      },
      () => {
        this.feeds.delete(key);
        metrics.upstreamSubscriptions.dec();
        connection.release();
      },
      () => metrics.eventsIn.inc(),
      connection.lend,
    );
    this.feeds.set(key, feed);
    metrics.upstreamSubscriptions.inc();
    feed.start();
    return feed;
  }
}

function isTokenRefusal(failure: unknown): boolean {
  return (
    typeof failure === "object" &&
    failure !== null &&
    (failure as { code?: unknown }).code === CLOSE_CODES.UNAUTHORIZED.code
  );
}

function schemaChanged(rootField: string, cause: unknown): SubscriptionEnded {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SubscriptionEnded([
    {
      message: `The schema changed and this subscription to ${rootField} can no longer run: ${reason}. Subscribe again.`,
      extensions: { code: "SCHEMA_CHANGED" },
    },
  ]);
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
  return error instanceof GraphQLError
    ? error
    : new GraphQLError("Internal server error", { originalError: error as Error });
}
