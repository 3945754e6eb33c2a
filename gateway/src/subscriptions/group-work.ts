// What an execution group does with each upstream event, and as whom. A public group resolves its events without
// credentials, once for every client. A per-user group resolves them as its user, with the freshest unexpired token
// among the clients in it right now (never the first client's: that one may have expired or left).
import type { GraphQLDataSource } from "@apollo/gateway";
import type { QueryPlan } from "@apollo/query-planner";
import type { ExecutionResult } from "graphql";
import type { Identity } from "@tickergraph/auth";
import { newRequestId } from "@tickergraph/telemetry";
import type { GatewayContext } from "../context.js";
import { CredentialPool } from "./credentials.js";
import type { ApolloLogger, UpstreamEvent } from "./event-execution.js";
import { eventQueryPlan, executeEvent } from "./event-execution.js";
import type { SubscriptionPlan, SubscriptionPlanner } from "./planner.js";

/** The parts of a client's request that make its execution group: same document and variables, same work. */
export interface OperationRequest {
  document: import("graphql").DocumentNode;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

export class GroupWork {
  readonly credentials: CredentialPool;
  /** One request id per group: every entity fetch it makes can be traced in subgraph logs. */
  readonly requestId = newRequestId();
  private queryPlan: QueryPlan;

  constructor(
    readonly operation: OperationRequest,
    private currentPlan: SubscriptionPlan,
    /** The user this group resolves as; null for a public or anonymous group. */
    readonly identity: Identity | null,
    now: () => number,
  ) {
    this.credentials = new CredentialPool(now);
    this.queryPlan = eventQueryPlan(currentPlan.primary, currentPlan.rest);
  }

  get plan(): SubscriptionPlan {
    return this.currentPlan;
  }

  /** After a schema reload: the same upstream events, resolved by the new plan's `rest`. */
  replan(plan: SubscriptionPlan): void {
    this.currentPlan = plan;
    this.queryPlan = eventQueryPlan(plan.primary, plan.rest);
  }

  /**
   * The context entity fetches run with, or undefined when the group acts for a user and none of its clients
   * holds an unexpired token any more (their transports are about to end them).
   */
  context(): GatewayContext | undefined {
    if (!this.identity) return { identity: null, authorization: undefined, requestId: this.requestId };
    const authorization = this.credentials.freshest();
    return authorization ? { identity: this.identity, authorization, requestId: this.requestId } : undefined;
  }

  execute(
    event: UpstreamEvent,
    context: GatewayContext,
    dependencies: { planner: SubscriptionPlanner; serviceMap: Record<string, GraphQLDataSource>; logger: ApolloLogger },
  ): Promise<ExecutionResult> {
    return executeEvent({
      event,
      plan: this.currentPlan,
      queryPlan: this.queryPlan,
      planner: dependencies.planner,
      serviceMap: dependencies.serviceMap,
      variables: this.operation.variables,
      context,
      logger: dependencies.logger,
    });
  }
}
