// What every client transport (graphql-ws, SSE, multipart) does with an operation before it reaches the engine or
// the query path: parse it once, tell a subscription from a query or mutation, and refuse what cannot run with the
// same codes Apollo Server gives over HTTP.
import type { DocumentNode, FormattedExecutionResult, OperationTypeNode } from "graphql";
import { GraphQLError, getOperationAST, parse } from "graphql";
import type { Identity } from "@tickergraph/auth";

export interface ClientOperation {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  identity: Identity | null;
  /** The verified Authorization header; forwarded to subgraphs. */
  authorization: string | undefined;
}

/**
 * Runs a query or mutation through the gateway's HTTP query path (Apollo Server's executeOperation), so every
 * transport gets the same plugins, limits and error formatting. Errors in the result are already formatted.
 */
export type RunSingleOperation = (operation: ClientOperation) => Promise<FormattedExecutionResult>;

export interface PreparedOperation {
  /** "single": a query or mutation (one result); "subscription": a stream of results. */
  kind: "subscription" | "single";
  operation: OperationTypeNode;
  document: DocumentNode;
}

/** The gateway's operation limits (gateway/src/limits), applied on every transport before validation and planning. */
export interface OperationGate {
  /** Lexical tokens a document may have: parsing itself stops there. */
  maxTokens?: number;
  /** OPERATION_LIMIT_EXCEEDED errors for an operation over a limit (depth, aliases, root fields, cost, …). */
  check?(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): readonly GraphQLError[];
}

/**
 * Parses, measures and classifies; throws a GraphQLError with GRAPHQL_PARSE_FAILED, OPERATION_LIMIT_EXCEEDED (the
 * first limit passed) or OPERATION_RESOLUTION_FAILURE.
 */
export function prepareClientOperation(
  query: unknown,
  operationName: string | undefined,
  variables?: Record<string, unknown>,
  gate: OperationGate = {},
): PreparedOperation {
  if (typeof query !== "string" || query.length === 0) {
    throw new GraphQLError("The request has no query string", { extensions: { code: "BAD_REQUEST" } });
  }
  let document: DocumentNode;
  try {
    document = parse(query, gate.maxTokens ? { maxTokens: gate.maxTokens } : undefined);
  } catch (error) {
    throw new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } });
  }
  const overLimit = gate.check?.(document, operationName, variables)[0];
  if (overLimit) throw overLimit;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    throw new GraphQLError(
      operationName
        ? `Unknown operation named "${operationName}"`
        : "The document has several operations: send operationName",
      { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } },
    );
  }
  return {
    kind: operation.operation === "subscription" ? "subscription" : "single",
    operation: operation.operation,
    document,
  };
}
