// Apollo's own chatter (server and gateway) through our structured logger, one level down: its info is our debug.
import type { Logger } from "@tickergraph/telemetry";

/** The shape Apollo Server and ApolloGateway take as `logger`. */
export interface ApolloLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function apolloLogger(logger: Logger): ApolloLogger {
  return {
    debug: (message: string) => logger.trace(message),
    info: (message: string) => logger.debug(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string) => logger.error(message),
  };
}
