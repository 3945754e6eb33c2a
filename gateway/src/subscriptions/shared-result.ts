// A result computed once per event and execution group, serialized once, and handed to every client of the group.
import type { ExecutionResult, GraphQLFormattedError } from "graphql";
import { formatError } from "@tickergraph/errors";

export interface SharedResult {
  result: { data?: unknown; errors?: GraphQLFormattedError[] };
  /** `JSON.stringify(result)`, computed once. */
  json: string;
  /** When the upstream event reached the gateway (ms, performance clock), for delivery latency. */
  receivedAt: number;
}

export function shareResult(
  result: ExecutionResult,
  receivedAt: number,
  onInternal: (e: unknown) => void,
): SharedResult {
  const formatted: SharedResult["result"] = {};
  if (result.data !== undefined) formatted.data = result.data;
  if (result.errors?.length) {
    formatted.errors = result.errors.map((error) => {
      const json = typeof error.toJSON === "function" ? error.toJSON() : (error as unknown as GraphQLFormattedError);
      return formatError(json, error, onInternal);
    });
  }
  return { result: formatted, json: JSON.stringify(formatted), receivedAt };
}
