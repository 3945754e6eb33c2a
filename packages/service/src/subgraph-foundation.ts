// What every subgraph starts from, in one place so the subgraphs do not each repeat it: the runtime (shared in the
// embedded mode, its own otherwise), the database with its migrations applied, the outbox relay, the SDL, the
// /ready checks — and the order they stop in.
import { readFileSync } from "node:fs";
import { parse, type DocumentNode } from "graphql";
import type { AppConfig } from "@tickergraph/config";
import { openServiceDatabase, type OpenServiceDatabaseOptions, type ServiceDatabase } from "@tickergraph/db";
import { OutboxRelay } from "@tickergraph/events";
import type { HealthChecks } from "./readiness.js";
import { createRuntime, runtimeHealthChecks, type Runtime } from "./runtime.js";

export interface SubgraphFoundation<C> {
  runtime: Runtime;
  db: ServiceDatabase<C>;
  /** Started: publishes what the subgraph writes to its outbox. */
  relay: OutboxRelay;
  /** The subgraph's `schema.graphql`. */
  typeDefs: DocumentNode;
  healthChecks: HealthChecks;
  /** Stops the relay, closes the database, then the runtime if this subgraph owns it. Call after its own parts. */
  close(): Promise<void>;
}

export async function openSubgraphFoundation<C extends { $disconnect(): Promise<void> }>(options: {
  service: string;
  config: AppConfig;
  /** A shared runtime (embedded mode); without one the subgraph creates and owns its own. */
  runtime?: Runtime;
  /** The subgraph's package folder, holding `schema.graphql` and `prisma/migrations/`. */
  packageRoot: URL;
  createClient: OpenServiceDatabaseOptions<C>["createClient"];
}): Promise<SubgraphFoundation<C>> {
  const { service, config } = options;
  const runtime = options.runtime ?? (await createRuntime(config, service));
  const owned = !options.runtime;
  try {
    const db = await openServiceDatabase({
      service,
      config,
      driver: runtime.driver,
      migrationsDir: new URL("prisma/migrations", options.packageRoot),
      createClient: options.createClient,
    });
    const relay = new OutboxRelay({
      sql: db.sql,
      platformSchema: db.platformSchema,
      bus: runtime.bus,
      logger: runtime.logger,
      pollMs: config.outbox.pollMs,
      batchSize: config.outbox.batchSize,
    });
    relay.start();
    return {
      runtime,
      db,
      relay,
      typeDefs: parse(readFileSync(new URL("schema.graphql", options.packageRoot), "utf8")),
      healthChecks: runtimeHealthChecks(runtime),
      async close() {
        await relay.stop();
        await db.close();
        if (owned) await runtime.close();
      },
    };
  } catch (error) {
    if (owned) await runtime.close();
    throw error;
  }
}
