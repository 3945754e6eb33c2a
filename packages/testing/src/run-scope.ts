import { randomBytes } from "node:crypto";
import type { AppConfig, ConfigOverrides } from "@tickergraph/config";
import { loadConfig } from "@tickergraph/config";

/** A short id unique to this run, usable in topic, schema and channel names. */
export function uniqueRunId(label = "t"): string {
  return `${label}${Date.now().toString(36)}${randomBytes(3).toString("hex")}`.toLowerCase();
}

/**
 * Distributed-mode config isolated to one run: its own DB schemas, topics, consumer groups and Redis channels,
 * and ephemeral ports everywhere.
 */
export function testConfig(runId: string, overrides: ConfigOverrides = {}): AppConfig {
  const base = loadConfig(
    {
      TICKERGRAPH_MODE: "distributed",
      JWT_SECRET: "integration-test-secret-at-least-32-chars",
      DB_SCHEMA_PREFIX: `${runId}_`,
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_CHANNEL_PREFIX: `${runId}:`,
      GATEWAY_PORT: "0",
      USER_PORT: "0",
      MARKET_PORT: "0",
      ALERT_PORT: "0",
      NOTIFICATION_PORT: "0",
      NOTIFICATION_GRPC_PORT: "0",
      ANALYTICS_PORT: "0",
      ANALYTICS_GRPC_PORT: "0",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
      ...infraEnv(),
    },
    overrides,
  );
  return base;
}

/** The servers' addresses from the environment (REDIS_URL, DATABASE_URL, KAFKA_BROKERS), else the config defaults. */
function infraEnv(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const names = ["REDIS_URL", "DATABASE_URL", "KAFKA_BROKERS"] as const;
  return Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}

/** Where tests reach Redis, Postgres and Kafka: as the services would, from the environment or the defaults. */
export function infraUrls(): { redis: string; database: string; kafkaBrokers: string[] } {
  const config = loadConfig({ TICKERGRAPH_MODE: "distributed", ...infraEnv() }, { auth: { jwtSecret: "unused" } });
  return { redis: config.redis.url, database: config.db.url, kafkaBrokers: config.kafka.brokers };
}
