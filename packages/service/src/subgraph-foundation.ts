// What every subgraph starts from, in one place so the subgraphs do not each repeat it: the runtime (shared in the
// embedded mode, its own otherwise), the database with its migrations applied, the outbox relay, the SDL, the
// /ready checks, the GraphQL server with all of that filled in — and the order they stop in, on stop() and on a
// start that fails half-way.
import { readFileSync } from "node:fs";
import type { DocumentNode } from "graphql";
import { parse } from "graphql";
import type { AppConfig, ServiceName } from "@tickergraph/config";
import type { OpenServiceDatabaseOptions, ServiceDatabase } from "@tickergraph/db";
import { openServiceDatabase } from "@tickergraph/db";
import { OutboxRelay } from "@tickergraph/events";
import type { BaseContext } from "./context.js";
import type { GraphQLServiceOptions } from "./graphql-service.js";
import { startGraphQLService } from "./graphql-service.js";
import { instrumentBus } from "./instrumented-bus.js";
import type { ServiceMetrics } from "./metrics.js";
import { createServiceMetrics } from "./metrics.js";
import type { HealthChecks } from "./readiness.js";
import type { Runtime } from "./runtime.js";
import { createRuntime, runtimeHealthChecks } from "./runtime.js";
import { TeardownStack } from "./teardown-stack.js";

export interface SubgraphFoundation<C> {
  /** The runtime, with a bus that counts this service's events for its metrics. */
  runtime: Runtime;
  /** This service's registry, served at /metrics; subgraphs add their own metrics to `metrics.registry`. */
  metrics: ServiceMetrics;
  db: ServiceDatabase<C>;
  /** Started: publishes what the subgraph writes to its outbox. */
  relay: OutboxRelay;
  /** The subgraph's `schema.graphql`. */
  typeDefs: DocumentNode;
  healthChecks: HealthChecks;
  /**
   * Registers something the subgraph started (a consumer, a loop, a gRPC server) and returns it. Stopped after the
   * GraphQL server and before the relay and database, last started first — also when a later step of start throws.
   */
  use<T extends { stop(): Promise<void> | void }>(part: T): T;
  /**
   * Starts the subgraph's GraphQL server on its configured port, with this foundation's SDL, tokens, logger and
   * /ready checks. `stop()` is idempotent: the server first (no new work), then every part given to `use`, then
   * the relay, the database and the runtime if this subgraph owns it.
   */
  serve<Ctx extends BaseContext>(
    options: Pick<GraphQLServiceOptions<Ctx>, "resolvers" | "buildContext">,
  ): Promise<{ url: string; wsUrl: string; stop(): Promise<void> }>;
}

export interface SubgraphDefinition<C> {
  service: ServiceName;
  /** The subgraph's package folder, holding `schema.graphql` and `prisma/migrations/`. */
  packageRoot: URL;
  createClient: OpenServiceDatabaseOptions<C>["createClient"];
}

interface SubgraphFoundationOptions<C> extends SubgraphDefinition<C> {
  config: AppConfig;
  /** A shared runtime (embedded mode); without one the subgraph creates and owns its own. */
  runtime?: Runtime;
}

/**
 * Opens the foundation and runs the subgraph's own start on it. If anything throws, from opening the database to
 * listening on the port, everything already started is stopped before the error reaches the caller.
 */
export async function startSubgraph<C extends { $disconnect(): Promise<void> }, R>(
  definition: SubgraphDefinition<C>,
  config: AppConfig,
  /** A shared runtime (embedded mode); without one the subgraph creates and owns its own. */
  runtime: Runtime | undefined,
  start: (foundation: SubgraphFoundation<C>) => Promise<R>,
): Promise<R> {
  const teardown = new TeardownStack();
  return teardown.guard(async () => start(await openSubgraphFoundation({ ...definition, config, runtime }, teardown)));
}

async function openSubgraphFoundation<C extends { $disconnect(): Promise<void> }>(
  options: SubgraphFoundationOptions<C>,
  teardown: TeardownStack,
): Promise<SubgraphFoundation<C>> {
  const { service, config } = options;
  const given = options.runtime ?? (await createRuntime(config, service));
  if (!options.runtime) teardown.defer(() => given.close());
  // The service's own registry (HTTP, events, lag), served with the runtime's (consumer restarts).
  const metrics = createServiceMetrics(service, [given.metrics.registry]);
  const runtime: Runtime = { ...given, bus: instrumentBus(given.bus, metrics) };
  const db = await openServiceDatabase({
    service,
    config,
    driver: runtime.driver,
    migrationsDir: new URL("prisma/migrations", options.packageRoot),
    createClient: options.createClient,
  });
  teardown.defer(() => db.close());
  const relay = new OutboxRelay({
    sql: db.sql,
    platformSchema: db.platformSchema,
    bus: runtime.bus,
    logger: runtime.logger,
    pollMs: config.outbox.pollMs,
    batchSize: config.outbox.batchSize,
  });
  relay.start();
  teardown.use(relay);
  const foundation: SubgraphFoundation<C> = {
    runtime,
    metrics,
    db,
    relay,
    typeDefs: parse(readFileSync(new URL("schema.graphql", options.packageRoot), "utf8")),
    healthChecks: runtimeHealthChecks(runtime),
    use: (part) => teardown.use(part),
    async serve(serviceOptions) {
      const server = await startGraphQLService({
        ...serviceOptions,
        name: service,
        host: config.host,
        port: config.services[service].port,
        typeDefs: foundation.typeDefs,
        tokens: runtime.tokens,
        logger: runtime.logger,
        healthChecks: foundation.healthChecks,
        metrics,
        publicSchema: config.subgraphs.publicSchema,
      });
      // The server first: no new requests reach parts that are stopping.
      teardown.use(server);
      return { url: server.url, wsUrl: server.wsUrl, stop: () => teardown.unwind() };
    },
  };
  return foundation;
}
