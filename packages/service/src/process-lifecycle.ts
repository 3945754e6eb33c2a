// Runs a service until SIGINT/SIGTERM, then stops it gracefully; a second signal forces the exit.
import type { AppConfig } from "@tickergraph/config";
import { createLogger } from "@tickergraph/telemetry";

/** `config`: what the service starts with; its LOG_LEVEL applies to the start, stop and failure messages too. */
export async function runUntilSignal(
  name: string,
  config: Pick<AppConfig, "logLevel">,
  start: () => Promise<{ url: string; stop(): Promise<void> }>,
): Promise<void> {
  const logger = createLogger(name, config.logLevel);
  let running: { url: string; stop(): Promise<void> };
  try {
    running = await start();
  } catch (error) {
    logger.fatal({ err: error }, "failed to start");
    process.exit(1);
  }
  logger.info({ url: running.url }, "started; Ctrl-C to stop");
  let stoppingSince: number | undefined;
  const shutdown = async (signal: string) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches npm, tsx and node alike, and tsx relays it too: a repeat within a second is the same press.
      if (Date.now() - stoppingSince < 1000) return;
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, "stopping: finishing in-flight work");
    try {
      await running.stop();
      logger.info("stopped cleanly");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while stopping");
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
