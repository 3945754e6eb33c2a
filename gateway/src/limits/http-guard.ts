// Express middleware in front of Apollo Server on /graphql: measures the operation right after the body is read,
// before Apollo validates it. graphql-js's overlapping-fields validation is quadratic in repeated fields (1 000
// aliases cost about a second of CPU), and Apollo offers no hook before validation that can refuse a request.
// Anything it cannot read (no query, a syntax error) passes through for Apollo to answer with its own error.
import type { RequestHandler } from "express";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { parse } from "graphql";
import { ERROR_CODES } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import type { OperationLimits } from "./check.js";
import { checkOperationLimits, OPERATION_LIMIT_EXCEEDED } from "./check.js";
import { measureOperation } from "./measure.js";

export function operationLimitsGuard(
  limits: OperationLimits,
  schema: () => GraphQLSchema | undefined,
  logger?: Logger,
): RequestHandler {
  return (req, res, next) => {
    const params: unknown = req.method === "GET" ? req.query : req.body;
    if (!params || typeof params !== "object" || Array.isArray(params)) return next();
    const { query, operationName, variables } = params as Record<string, unknown>;
    if (typeof query !== "string") return next();
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.maxTokens });
    } catch {
      return next();
    }
    const measure = measureOperation(document, {
      operationName: typeof operationName === "string" ? operationName : undefined,
      schema: schema(),
      variables: readVariables(variables),
      defaultListSize: limits.defaultListSize,
      passwordMutations: limits.passwordMutations,
    });
    const errors = checkOperationLimits(measure, limits);
    if (errors.length === 0) return next();
    logger?.warn({ operationName, limit: errors[0]!.extensions.limit, measure }, "operation refused: limit exceeded");
    res
      .status(ERROR_CODES[OPERATION_LIMIT_EXCEEDED].httpStatus)
      .json({ errors: errors.map((error) => error.toJSON()) });
  };
}

/** Variables as JSON (POST) or a JSON string (GET); anything else counts as none. */
function readVariables(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string") {
    try {
      return readVariables(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
