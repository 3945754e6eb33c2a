// Structured JSON logging (pino) shared by every service.
export { createLogger, type Logger } from "./logger.js";
export { newRequestId } from "./request-id.js";
export { createServiceMetrics, MetricsRegistry, type ServiceMetrics } from "./metrics.js";
