// Prometheus metrics, each on a registry its owner creates — never prom-client's global one, so services sharing a
// process (the embedded mode, tests) keep separate counters and a stopped service leaves nothing behind.
// - The runtime's registry: what the infrastructure reports (consumer restarts). In embedded mode one runtime is
//   shared, so it cannot hold per-service series of the same names.
// - A service's registry: process defaults, HTTP requests, events in and out, and its groups' consumer lag, every
//   series labelled with `service`. /metrics serves it together with its runtime's.
// The gateway builds its own from the same parts (httpRequestMetrics, metricsHandler).
import type { RequestHandler } from "express";
import client from "prom-client";
import { withDeadline } from "@tickergraph/timers";

export interface RuntimeMetrics {
  registry: client.Registry;
  /** `tickergraph_consumer_restarts_total{group}`: Kafka consumers rebuilt after a crash. */
  consumerRestarts: client.Counter<"group">;
}

export function createRuntimeMetrics(labels: Record<string, string> = {}): RuntimeMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels(labels);
  const consumerRestarts = new client.Counter({
    name: "tickergraph_consumer_restarts_total",
    help: "Kafka consumers rebuilt after they crashed (broker errors, failing handlers), by consumer group.",
    labelNames: ["group"],
    registers: [registry],
  });
  return { registry, consumerRestarts };
}

export interface ServiceMetrics {
  registry: client.Registry;
  /** Times every request (known routes only, so random paths cannot blow up label cardinality). */
  httpMiddleware: RequestHandler;
  /** GET /metrics */
  handler: RequestHandler;
  eventsPublished: client.Counter<"type">;
  eventsConsumed: client.Counter<"group" | "type">;
  /** Groups whose lag is read at each scrape, and how to read it. */
  watchLag(group: string, read: () => Promise<Array<{ topic: string; partition: number; lag: number }>>): void;
}

const SUBGRAPH_ROUTES = ["/graphql", "/health", "/ready", "/metrics"];
const LAG_READ_TIMEOUT_MS = 2000;

/** `alsoServe`: registries /metrics serves beside this one's (the runtime's). */
export function createServiceMetrics(service: string, alsoServe: client.Registry[] = []): ServiceMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry, prefix: "tickergraph_" });
  const registers = [registry];
  const eventsPublished = new client.Counter({
    name: "tickergraph_events_published_total",
    help: "Events this service published to the bus (outbox relay and direct publishes)",
    labelNames: ["type"],
    registers,
  });
  const eventsConsumed = new client.Counter({
    name: "tickergraph_events_consumed_total",
    help: "Events delivered to this service's consumers",
    labelNames: ["group", "type"],
    registers,
  });
  const lagReaders = new Map<string, () => Promise<Array<{ topic: string; partition: number; lag: number }>>>();
  new client.Gauge({
    name: "tickergraph_kafka_consumer_lag",
    help: "Events not yet committed by a consumer group: the partition's end offset minus the group's committed offset",
    labelNames: ["group", "topic", "partition"],
    registers,
    async collect() {
      this.reset();
      for (const [group, read] of lagReaders) {
        // A broker that does not answer must not fail the whole scrape: that group's series are left out.
        const lags = await withDeadline(read(), LAG_READ_TIMEOUT_MS, "consumer lag").catch(() => []);
        for (const { topic, partition, lag } of lags) this.set({ group, topic, partition: String(partition) }, lag);
      }
    },
  });

  return {
    registry,
    eventsPublished,
    eventsConsumed,
    watchLag: (group, read) => void lagReaders.set(group, read),
    httpMiddleware: httpRequestMetrics({
      registry,
      name: "tickergraph_http_request_duration_seconds",
      help: "HTTP requests served by a subgraph, by route and status",
      routes: SUBGRAPH_ROUTES,
    }),
    handler: metricsHandler([registry, ...alsoServe]),
  };
}

/**
 * A request-duration histogram by method, route and status. Only `routes` are named (anything else is "other"),
 * so a scanner hitting random paths cannot blow up label cardinality.
 */
export function httpRequestMetrics(options: {
  registry: client.Registry;
  name: string;
  help: string;
  routes: readonly string[];
  buckets?: number[];
}): RequestHandler {
  const routes = new Set(options.routes);
  const requests = new client.Histogram({
    name: options.name,
    help: options.help,
    labelNames: ["method", "route", "status"],
    buckets: options.buckets ?? [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [options.registry],
  });
  return (req, res, next) => {
    // Read now: a router mounted at /graphql rewrites req.url (so req.path becomes "/") before the response ends.
    const route = routes.has(req.path) ? req.path : "other";
    const end = requests.startTimer({ method: req.method, route });
    res.on("finish", () => end({ status: String(res.statusCode) }));
    next();
  };
}

/** GET /metrics over several registries; each renders with its own default labels (Registry.merge drops them). */
export function metricsHandler(registries: readonly client.Registry[]): RequestHandler {
  return async (_req, res) => {
    const texts = await Promise.all(registries.map((registry) => registry.metrics()));
    res.set("content-type", client.Registry.PROMETHEUS_CONTENT_TYPE).send(texts.join("\n"));
  };
}
