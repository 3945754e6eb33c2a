// Plans subscription operations with Apollo's own QueryPlanner: a SubscriptionNode whose `primary` fetch goes to
// the subgraph owning the root field and whose `rest` resolves what other subgraphs own. Plans are cached.
import type { Schema } from "@apollo/federation-internals";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { buildOperationContext } from "@apollo/gateway";
import type { FetchNode, PlanNode, QueryPlan } from "@apollo/query-planner";
import { QueryPlanner } from "@apollo/query-planner";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { GraphQLError } from "graphql";
import type { Logger } from "@tickergraph/telemetry";
import { logQueryPlan } from "../query-plan-log.js";
import type { CallerDependence } from "../scope.js";
import { callerDependence, selectsCallerDependentField, userScopedSubscriptionFields } from "../scope.js";

export type OperationContext = ReturnType<typeof buildOperationContext>;

export interface SubscriptionPlan {
  operationContext: OperationContext;
  /** Apollo's whole plan (a Subscription node), as `prettyFormatQueryPlan` prints it in tests and the debug log. */
  queryPlan: QueryPlan;
  primary: FetchNode;
  rest: PlanNode | undefined;
  /** The root subscription field (response key is irrelevant: one root field per subscription). */
  rootField: string;
  /** Whether the root field is marked @userScoped: it needs a verified identity and is deduped per user. */
  userScoped: boolean;
  /**
   * Whether each event must be resolved per user, with that user's token: the root field is @userScoped or the
   * selection reaches a caller-dependent field (@ownerOnly and the like). Otherwise one execution serves everyone.
   */
  perUser: boolean;
}

export class SubscriptionPlanner {
  readonly apiSchema: Schema;
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphGraphQLSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly userScoped: Set<string>;
  private readonly callerDependent: CallerDependence;
  private readonly cache = new Map<string, SubscriptionPlan>();

  constructor(
    readonly supergraphSdl: string,
    /** `logger`: each plan built (not each cache hit) is logged there at debug level. */
    private readonly options: { maxCached?: number; logger?: Logger } = {},
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphGraphQLSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.userScoped = userScopedSubscriptionFields(supergraphSdl);
    this.callerDependent = callerDependence(supergraphSdl);
  }

  /** Validates and plans; throws GraphQLError (with GRAPHQL_VALIDATION_FAILED) for an invalid operation. */
  plan(document: DocumentNode, operationName: string | undefined, cacheKey: string): SubscriptionPlan {
    const key = `${operationName ?? ""}\u0000${cacheKey}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let operation: ReturnType<typeof operationFromDocument>;
    try {
      operation = operationFromDocument(this.apiSchema, document, { operationName, validate: true });
    } catch (error) {
      // federation-internals validates against the API schema; its errors become ours, with the standard code.
      throw new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    }
    const operationContext = buildOperationContext({
      schema: this.apiGraphQLSchema,
      operationDocument: document,
      operationName,
    });
    if (operationContext.operation.operation !== "subscription") {
      throw new GraphQLError("Only subscription operations are served here; send queries and mutations over HTTP", {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    const queryPlan: QueryPlan = this.planner.buildQueryPlan(operation);
    const node = queryPlan.node;
    if (node?.kind !== "Subscription") throw new Error("the query planner returned no subscription node");
    const rootSelection = operationContext.operation.selectionSet.selections[0];
    const rootField = rootSelection?.kind === "Field" ? rootSelection.name.value : "";
    const userScoped = this.userScoped.has(rootField);
    if (this.options.logger)
      logQueryPlan(this.options.logger, operationName ?? operationContext.operation.name?.value, queryPlan);
    const plan: SubscriptionPlan = {
      operationContext,
      queryPlan,
      primary: node.primary,
      rest: node.rest,
      rootField,
      userScoped,
      perUser: userScoped || selectsCallerDependentField(this.apiGraphQLSchema, document, this.callerDependent),
    };
    if (this.cache.size >= (this.options.maxCached ?? 1000)) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, plan);
    return plan;
  }
}
