import { pino, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

/** One JSON line per record, always carrying the service name; children add request/event ids. */
export function createLogger(service: string, level: string = "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
