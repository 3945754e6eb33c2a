// Apollo Server plugin: refuses an operation that passes a limit once it is resolved (didResolveOperation), so
// before the gateway plans or executes it. It also runs for documents served from Apollo's validated-document cache,
// whose variables (list sizes) change per request. The HTTP middleware (./http-guard.ts) checks earlier still.
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import { GraphQLError } from "graphql";
import { ERROR_CODES } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import type { OperationLimits } from "./check.js";
import { checkOperationLimits, OPERATION_LIMIT_EXCEEDED } from "./check.js";
import { measureOperation } from "./measure.js";

export function operationLimitsPlugin<TContext extends object>(
  limits: OperationLimits,
  logger?: Logger,
  /** Told the API schema whenever the gateway loads or updates it (the HTTP guard measures with it). */
  onSchema?: (schema: GraphQLSchema) => void,
): ApolloServerPlugin<TContext> {
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema }) {
          onSchema?.(apiSchema);
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const measure = measureOperation(document, {
            operationName: request.operationName,
            schema,
            variables: request.variables,
            defaultListSize: limits.defaultListSize,
            passwordMutations: limits.passwordMutations,
          });
          const [first] = checkOperationLimits(measure, limits);
          if (!first) return;
          logger?.warn(
            { operationName: request.operationName, limit: first.extensions.limit, measure },
            "operation refused: limit exceeded",
          );
          // Apollo sends one error from this hook; the first limit passed is the one named.
          throw new GraphQLError(first.message, {
            extensions: { ...first.extensions, http: { status: ERROR_CODES[OPERATION_LIMIT_EXCEEDED].httpStatus } },
          });
        },
      };
    },
  };
}
