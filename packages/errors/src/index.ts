// Typed domain errors, mapped to GraphQL error codes in exactly one place (toGraphQLError / formatError).
export {
  AppError,
  BadUserInputError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  type ErrorCode,
} from "./app-error.js";
export { formatError } from "./format-error.js";
