import type { GraphQLFormattedError } from "graphql";
import { ERROR_CODES, isErrorCode } from "./codes.js";

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
  if (isErrorCode(code) && ERROR_CODES[code].clientVisible) {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  onInternal?.(original);
  return {
    message: "Internal server error",
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    // Which subgraph failed is no secret (the supergraph names them all) and tells an operator where to look.
    extensions: {
      code: "INTERNAL_SERVER_ERROR",
      ...(typeof extensions.serviceName === "string" ? { serviceName: extensions.serviceName } : {}),
    },
  };
}
