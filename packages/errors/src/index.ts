// Typed domain errors, the registry of error and close codes, and formatError (what clients may see).
export {
  AppError,
  BadUserInputError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
} from "./app-error.js";
export { formatError } from "./format-error.js";
export {
  ERROR_CODES,
  CLOSE_CODES,
  isErrorCode,
  type ErrorCode,
  type ErrorCodeDefinition,
  type CloseCodeName,
} from "./codes.js";
