import type { GraphQLFormattedError } from "graphql";

/** Codes whose message is safe to show as is; everything else is a server fault and gets masked. */
const CLIENT_CODES = new Set([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
]);

/**
 * Apollo Server's formatError hook: clients get a message and a code, never a stack trace.
 * `onInternal` lets the server log the real error it is hiding.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  original: unknown,
  onInternal?: (error: unknown) => void,
): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === "string" ? formatted.extensions.code : "INTERNAL_SERVER_ERROR";
  const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
  if (CLIENT_CODES.has(code)) {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  onInternal?.(original);
  return {
    message: "Internal server error",
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
