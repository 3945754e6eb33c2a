// The infrastructure a service runs on: event bus, subscription hub, database driver, tokens and logger.
// Distributed mode gives each service its own; the embedded launcher shares one bus, hub and PGlite.
import type { RevocationList } from "@tickergraph/auth";
import { TokenService } from "@tickergraph/auth";
import type { AppConfig } from "@tickergraph/config";
import type { DatabaseDriver } from "@tickergraph/db";
import { closeDatabaseDriver, createDatabaseDriver, sqlClient } from "@tickergraph/db";
import type { EventBus } from "@tickergraph/events";
import { createEventBus } from "@tickergraph/events";
import type { SubscriptionHub } from "@tickergraph/pubsub";
import { createSubscriptionHub } from "@tickergraph/pubsub";
import type { Logger } from "@tickergraph/telemetry";
import { createLogger } from "@tickergraph/telemetry";
import type { RuntimeMetrics } from "./metrics.js";
import { createRuntimeMetrics } from "./metrics.js";
import type { HealthChecks } from "./readiness.js";
import { openRevocationList } from "./revocations.js";

export interface Runtime {
  bus: EventBus;
  hub: SubscriptionHub;
  driver: DatabaseDriver;
  tokens: TokenService;
  /** Revoked tokens (TokenService checks them); the gateway of an embedded stack shares the subgraphs' list. */
  revocations: RevocationList;
  logger: Logger;
  /** This runtime's own Prometheus registry and the metrics the infrastructure reports (served at /metrics). */
  metrics: RuntimeMetrics;
  /** Closes what this runtime owns (nothing, for a view onto a shared runtime). */
  close(): Promise<void>;
}

export async function createRuntime(config: AppConfig, service: string): Promise<Runtime> {
  const logger = createLogger(service, config.logLevel);
  const metrics = createRuntimeMetrics({ service });
  const bus = createEventBus(config, logger, { onConsumerRestart: (group) => metrics.consumerRestarts.inc({ group }) });
  const hub = createSubscriptionHub(config, logger);
  let driver: DatabaseDriver;
  let revocations: RevocationList;
  try {
    revocations = await openRevocationList(config, logger);
  } catch (error) {
    await closeAll([() => bus.close(), () => hub.close()]);
    throw error;
  }
  try {
    driver = await createDatabaseDriver(config);
  } catch (error) {
    // Open Redis/Kafka connections would keep the process alive after a failed start.
    await closeAll([() => bus.close(), () => hub.close(), () => revocations.close()]);
    throw error;
  }
  return {
    bus,
    hub,
    driver,
    logger,
    metrics,
    revocations,
    tokens: new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds, revocations),
    close: () =>
      closeAll([() => bus.close(), () => hub.close(), () => closeDatabaseDriver(driver), () => revocations.close()]),
  };
}

/**
 * /ready checks for what a runtime provides: the database answers SELECT 1, the bus and hub their pings, and every
 * Kafka consumer of the service is running (a crashed one is being rebuilt: not ready until it has rejoined).
 */
export function runtimeHealthChecks(runtime: Pick<Runtime, "bus" | "hub" | "driver">): HealthChecks {
  const sql = sqlClient(runtime.driver);
  return {
    database: async () => (await sql.query("SELECT 1 AS ok")).length === 1,
    bus: () => runtime.bus.isHealthy(),
    hub: () => runtime.hub.isHealthy(),
    consumers: async () => runtime.bus.consumerHealth().every((consumer) => consumer.running),
  };
}

/**
 * Closes in order (the bus first: its consumers may still publish to the hub or write to the database), and
 * runs every close even when one fails, then reports the first failure.
 */
async function closeAll(closers: Array<() => Promise<void>>): Promise<void> {
  let firstFailure: { error: unknown } | undefined;
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      firstFailure ??= { error };
    }
  }
  if (firstFailure) throw firstFailure.error;
}

export interface SharedRuntime {
  /** A per-service view (own logger) onto the shared bus, hub and driver; closing it closes nothing. */
  forService(service: string): Runtime;
  close(): Promise<void>;
}

export async function createSharedRuntime(config: AppConfig): Promise<SharedRuntime> {
  const shared = await createRuntime(config, "embedded");
  return {
    forService: (service) => ({ ...shared, logger: createLogger(service, config.logLevel), close: async () => {} }),
    close: () => shared.close(),
  };
}
