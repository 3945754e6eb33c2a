import type { DestinationStream, Logger as PinoLogger } from "pino";
import { pino } from "pino";

export type Logger = PinoLogger;

/**
 * One JSON line per record, always carrying the service name; children add request/event ids.
 * `destination` (default stdout) lets tests read what was logged, e.g. that a client's mistake is not an error.
 */
export function createLogger(service: string, level: string = "info", destination?: DestinationStream): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
