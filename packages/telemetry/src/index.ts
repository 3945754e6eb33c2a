// Structured JSON logging (pino) shared by every service.
export { createLogger, type Logger } from "./logger.js";
export { newRequestId } from "./request-id.js";
