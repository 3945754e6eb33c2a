// Queries and mutations that arrive over graphql-ws or SSE run through Apollo Server's own request pipeline
// (executeOperation), exactly as HTTP ones do: same plugins, same limits, same formatError, same executor.
import type { ApolloServer } from "@apollo/server";
import type { FormattedExecutionResult } from "graphql";
import { newRequestId } from "@tickergraph/telemetry";
import type { GatewayContext } from "./context.js";
import type { RunSingleOperation } from "./subscriptions/index.js";

export function singleOperationRunner(apollo: ApolloServer<GatewayContext>): RunSingleOperation {
  return async (operation) => {
    const response = await apollo.executeOperation(
      { query: operation.query, operationName: operation.operationName, variables: operation.variables },
      {
        contextValue: {
          identity: operation.identity,
          authorization: operation.authorization,
          requestId: newRequestId(),
        },
      },
    );
    if (response.body.kind !== "single") {
      return { errors: [{ message: "Incremental delivery is not served here", extensions: { code: "BAD_REQUEST" } }] };
    }
    return response.body.singleResult as FormattedExecutionResult;
  };
}
