// Why a client's subscription was ended by the gateway, as the errors the client receives. Upstream failures come
// as a close event or Error (retries ran out) or as the subgraph's own GraphQL errors (it refused the operation).
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import type { ErrorCode } from "@tickergraph/errors";
import { CLOSE_CODES, ERROR_CODES, formatError, isErrorCode } from "@tickergraph/errors";
import { SlowConsumerError } from "@tickergraph/bounded-queue";
import type { Logger } from "@tickergraph/telemetry";

export class SubscriptionEnded extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors[0]?.message ?? "subscription ended");
    this.name = "SubscriptionEnded";
  }
}

/** A subgraph's code the client can act on (a client-visible code of the registry); anything else is masked. */
const passedThrough = (code: string): boolean => isErrorCode(code) && ERROR_CODES[code].clientVisible;

export function upstreamEnded(serviceName: string, failure: unknown): SubscriptionEnded {
  if (Array.isArray(failure)) {
    // The subgraph's `error` message: it refused the operation (subgraphs mask their own internals already).
    return new SubscriptionEnded(
      (failure as GraphQLFormattedError[]).map((error) => {
        const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
        const { stacktrace: _stack, exception: _exception, ...extensions } = error.extensions ?? {};
        return passedThrough(code)
          ? { message: error.message, extensions: { ...extensions, code, serviceName } }
          : { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", serviceName } };
      }),
    );
  }
  const closeCode =
    typeof failure === "object" && failure !== null && "code" in failure
      ? (failure as { code: unknown }).code
      : undefined;
  if (closeCode === CLOSE_CODES.UNAUTHORIZED.code) {
    // The subgraph closed the socket because its token expired or was revoked, and no client of this scope lends a
    // valid one: the clients' own sessions are ending too (the transports close them).
    return new SubscriptionEnded([
      {
        message: `The ${serviceName} subgraph refused this subscription's token (expired or revoked); sign in again`,
        extensions: { code: "UNAUTHENTICATED", serviceName, closeCode },
      },
    ]);
  }
  return new SubscriptionEnded([
    {
      message: `The ${serviceName} subgraph is unreachable and reconnecting gave up; subscribe again later`,
      extensions: {
        code: "SUBGRAPH_UNAVAILABLE",
        serviceName,
        ...(typeof closeCode === "number" ? { closeCode } : {}),
      },
    },
  ]);
}

/**
 * The errors of a subgraph's refusal, or undefined for an ordinary event. graphql-ws sends a subscribe-time
 * failure (bad arguments, auth) as one `next` without `data` followed by `complete`; an event whose resolver failed
 * always carries `data` (null at worst), per the GraphQL spec's "request error" vs "field error".
 */
export function upstreamRefusal(event: unknown): readonly GraphQLFormattedError[] | undefined {
  if (typeof event !== "object" || event === null || "data" in event) return undefined;
  const errors = (event as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphQLFormattedError[]) : undefined;
}

export function gatewayShuttingDown(): SubscriptionEnded {
  return new SubscriptionEnded([
    {
      message: "The gateway is shutting down; subscribe again (to another instance)",
      extensions: { code: "SHUTTING_DOWN" },
    },
  ]);
}

export function subscriberTooSlow(detail: string): SubscriptionEnded {
  return new SubscriptionEnded([
    {
      message: `The client did not read fast enough (${detail}); subscribe again`,
      extensions: { code: "SUBSCRIBER_TOO_SLOW" },
    },
  ]);
}

export function gatewayOverloaded(): SubscriptionEnded {
  return new SubscriptionEnded([
    {
      message: "The gateway could not keep up with this feed; subscribe again",
      extensions: { code: "SUBSCRIPTION_OVERLOADED" },
    },
  ]);
}

/**
 * Errors as a client receives them when its subscription ends: ours as built, a backlog overflow as a warning,
 * anything else (validation, auth, a bug) through formatError, which masks internals and logs them.
 */
export function clientErrors(errors: readonly GraphQLError[], logger: Logger): GraphQLFormattedError[] {
  return errors.flatMap((error): GraphQLFormattedError[] => {
    const original = error.originalError;
    if (original instanceof SubscriptionEnded) {
      logger.info(
        { codes: original.errors.map((e) => e.extensions?.code), message: original.message },
        "subscription ended",
      );
      return [...original.errors];
    }
    if (original instanceof SlowConsumerError) {
      logger.warn({ err: original }, "closing a subscriber that fell behind");
      return [{ message: original.message, extensions: { code: "SUBSCRIBER_TOO_SLOW" satisfies ErrorCode } }];
    }
    return [
      formatError(error.toJSON(), original ?? error, (internal) =>
        logger.error({ err: internal }, "subscription failed"),
      ),
    ];
  });
}

/** clientErrors for anything thrown: a non-GraphQL error is a fault of ours, masked and logged. */
export function errorsOf(error: unknown, logger: Logger): GraphQLFormattedError[] {
  const graphQLError =
    error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
  return clientErrors([graphQLError], logger);
}
