// Structured JSON logging (pino) and request ids, shared by every service. (Metrics: packages/service/src/metrics.ts.)
export { createLogger, type Logger } from "./logger.js";
export { newRequestId } from "./request-id.js";
