// graphql-ws operations get what Apollo Server gives HTTP ones: parse/validation failures with their codes, and
// every other error through @tickergraph/errors' formatError (graphql-ws alone would send raw messages).
import type {
  ValidationRule,
  DocumentNode,
  ExecutionArgs,
  ExecutionResult,
  FormattedExecutionResult,
  GraphQLFormattedError,
  GraphQLSchema,
} from "graphql";
import { GraphQLError, getOperationAST, parse, specifiedRules, validate } from "graphql";
import type { ErrorCode } from "@tickergraph/errors";
import { formatError } from "@tickergraph/errors";
import { refuseNulCharacters } from "./input-guards.js";
import { SlowConsumerError } from "@tickergraph/bounded-queue";
import type { Logger } from "@tickergraph/telemetry";

export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Execution args for a well-formed operation, or the client's errors with Apollo's codes. */
export function prepareOperation(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  extraRules: readonly ValidationRule[] = [],
): ExecutionArgs | GraphQLError[] {
  try {
    refuseNulCharacters(payload.query, payload.variables);
  } catch (error) {
    return [error as GraphQLError];
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [new GraphQLError(message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
  }
  const invalid = validate(schema, document, [...specifiedRules, ...extraRules]);
  if (invalid.length > 0) {
    return invalid.map(
      (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }),
    );
  }
  if (!getOperationAST(document, payload.operationName)) {
    return [
      new GraphQLError("Unable to identify the operation to run", {
        extensions: { code: "OPERATION_RESOLUTION_FAILURE" },
      }),
    ];
  }
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}

/** Code sent when a subscriber lagged too far behind its feed and was cut off; it may resubscribe. */
export const SUBSCRIBER_TOO_SLOW = "SUBSCRIBER_TOO_SLOW" satisfies ErrorCode;

/** Masks internal errors (logged at error level); client errors keep message and code and log as warnings. */
export function formatOperationErrors(errors: readonly GraphQLError[], logger: Logger): GraphQLFormattedError[] {
  return errors.map((error) => {
    const original = error.originalError ?? error;
    if (original instanceof SlowConsumerError) {
      logger.warn({ err: original }, "slow subscriber cut off");
      return { message: original.message, extensions: { code: SUBSCRIBER_TOO_SLOW } };
    }
    let internal = false;
    const formatted = formatError(error.toJSON(), original, (hidden) => {
      internal = true;
      logger.error({ err: hidden }, "internal error in a WebSocket operation");
    });
    if (!internal) logger.warn({ code: formatted.extensions?.code, message: formatted.message }, "operation refused");
    return formatted;
  });
}

export function formatOperationResult(result: ExecutionResult, logger: Logger): FormattedExecutionResult | undefined {
  if (!result.errors?.length) return undefined;
  return { ...result, errors: formatOperationErrors(result.errors, logger) };
}
