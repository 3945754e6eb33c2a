// Query plans in the debug log, in the format Apollo's own tools print and its planner tests pin
// (`prettyFormatQueryPlan`): the same text a reviewer sees in a snapshot, for queries and subscriptions alike.
import type { QueryPlan } from "@apollo/query-planner";
import { prettyFormatQueryPlan } from "@apollo/query-planner";
import type { Logger } from "@tickergraph/telemetry";

/** Logs `plan` at debug level; formatting is skipped unless debug is on (plans are built on the request path). */
export function logQueryPlan(logger: Logger, operationName: string | null | undefined, plan: QueryPlan): void {
  if (!logger.isLevelEnabled("debug")) return;
  logger.debug({ operationName: operationName ?? null, queryPlan: prettyFormatQueryPlan(plan) }, "query plan");
}
