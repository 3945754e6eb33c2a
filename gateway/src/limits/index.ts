/**
 * Bounded work per operation: a linear-time measure of a parsed document and a check against the limits.
 *
 * For a transport (graphql-ws `onSubscribe`, SSE, multipart): parse with `parse(query, { maxTokens: limits.maxTokens })`
 * (bounds parsing itself), validate, then before planning:
 *
 *   const errors = checkOperationLimits(
 *     measureOperation(document, { operationName, schema, variables, defaultListSize: limits.defaultListSize,
 *                                  passwordMutations: limits.passwordMutations }),
 *     limits,                      // config.operationLimits (packages/config) or DEFAULT_OPERATION_LIMITS
 *   );
 *   if (errors.length > 0) return errors;   // each has extensions { code: OPERATION_LIMIT_EXCEEDED, limit, max, actual }
 *
 * `schema` is the API schema (list fields, default sizes, password mutations); without it only fields with a size
 * argument count as lists. Over HTTP, `httpOperationLimits` does this: a guard before Apollo validates, and a plugin
 * once the operation is resolved.
 */
export {
  measureOperation,
  DEFAULT_LIST_SIZE,
  MAX_NESTING,
  type OperationMeasure,
  type MeasureOptions,
} from "./measure.js";
export {
  checkOperationLimits,
  DEFAULT_OPERATION_LIMITS,
  OPERATION_LIMIT_EXCEEDED,
  type OperationLimits,
  type LimitName,
} from "./check.js";
export { operationLimitsPlugin } from "./plugin.js";
export { operationLimitsGuard } from "./http-guard.js";
export { httpOperationLimits } from "./http.js";
export { SIZE_ARGUMENTS } from "./list-size.js";
export { DEFAULT_PASSWORD_MUTATIONS } from "./password-mutations.js";
