// Why a client's subscription was ended by the gateway, as the errors the client receives. Upstream failures come
// as a close event or Error (retries ran out) or as the subgraph's own GraphQL errors (it refused the operation).
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import { formatError } from "@tickergraph/errors";
import { SlowConsumerError } from "@tickergraph/pubsub";
import type { Logger } from "@tickergraph/telemetry";

export class SubscriptionEnded extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors[0]?.message ?? "subscription ended");
    this.name = "SubscriptionEnded";
  }
}

/** Codes a subgraph may report that the client can act on; anything else it sent is shown masked. */
const PASSED_THROUGH = new Set(["UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND"]);

export function upstreamEnded(serviceName: string, failure: unknown): SubscriptionEnded {
  if (Array.isArray(failure)) {
    // The subgraph's `error` message: it refused the operation (subgraphs mask their own internals already).
    return new SubscriptionEnded(
      (failure as GraphQLFormattedError[]).map((error) => {
        const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
        return PASSED_THROUGH.has(code)
          ? { message: error.message, extensions: { code, serviceName } }
          : { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", serviceName } };
      }),
    );
  }
  const closeCode = typeof failure === "object" && failure !== null && "code" in failure ? (failure as { code: unknown }).code : undefined;
  return new SubscriptionEnded([
    {
      message: `The ${serviceName} subgraph is unreachable and reconnecting gave up; subscribe again later`,
      extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName, ...(typeof closeCode === "number" ? { closeCode } : {}) },
    },
  ]);
}

export function gatewayOverloaded(): SubscriptionEnded {
  return new SubscriptionEnded([
    { message: "The gateway could not keep up with this feed; subscribe again", extensions: { code: "SUBSCRIPTION_OVERLOADED" } },
  ]);
}

/**
 * Errors as a client receives them when its subscription ends: ours as built, a backlog overflow as a warning,
 * anything else (validation, auth, a bug) through formatError, which masks internals and logs them.
 */
export function clientErrors(errors: readonly GraphQLError[], logger: Logger): GraphQLFormattedError[] {
  return errors.flatMap((error): GraphQLFormattedError[] => {
    const original = error.originalError;
    if (original instanceof SubscriptionEnded) return [...original.errors];
    if (original instanceof SlowConsumerError) {
      logger.warn({ err: original }, "closing a subscriber that fell behind");
      return [{ message: original.message, extensions: { code: "SLOW_CONSUMER" } }];
    }
    return [formatError(error.toJSON(), original ?? error, (internal) => logger.error({ err: internal }, "subscription failed"))];
  });
}
