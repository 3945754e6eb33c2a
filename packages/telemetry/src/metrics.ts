// Prometheus metrics on a registry each service owns (never prom-client's global one), so two services in one
// process (the embedded mode, tests) keep separate counters and a stopped service leaves nothing behind.
import { Counter, Registry } from "prom-client";

export { Registry as MetricsRegistry } from "prom-client";

export interface ServiceMetrics {
  registry: Registry;
  /** `tickergraph_consumer_restarts_total{group}`: Kafka consumers rebuilt after a crash. */
  consumerRestarts: Counter<"group">;
}

export function createServiceMetrics(labels: Record<string, string> = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  const consumerRestarts = new Counter({
    name: "tickergraph_consumer_restarts_total",
    help: "Kafka consumers rebuilt after they crashed (broker errors, failing handlers), by consumer group.",
    labelNames: ["group"],
    registers: [registry],
  });
  return { registry, consumerRestarts };
}
