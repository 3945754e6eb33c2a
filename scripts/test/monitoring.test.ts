// The docker-compose monitoring: Prometheus's config passes `promtool check config`, it scrapes every service of
// the compose file, and the provisioned Grafana dashboard only queries metrics that the services expose.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SERVICE_NAMES } from "@tickergraph/config";
import { createRuntimeMetrics, createServiceMetrics } from "@tickergraph/service";
import { createGatewayMetrics } from "../../gateway/src/metrics.js";
import { subscriptionMetrics } from "../../gateway/src/subscriptions/metrics.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const PROMETHEUS = "monitoring/prometheus/prometheus.yml";

/** Metrics the notification service exposes (its own registry; named here until it is merged beside this test). */
const NOTIFICATION_METRICS = ["tickergraph_notification_deliveries_total", "tickergraph_notification_delivery_seconds"];

describe("monitoring", () => {
  it("passes promtool check config", () => {
    const promtool = spawnSync("promtool", ["--version"]);
    // CI installs Debian's prometheus package (.ci/run); a developer without it is told what to install.
    if (promtool.error) throw new Error("promtool not found: apt-get install prometheus (Debian) to run this check");
    const output = execFileSync("promtool", ["check", "config", PROMETHEUS], { cwd: root, encoding: "utf8" });
    expect(output).toContain("SUCCESS");
  });

  it("scrapes the gateway and every subgraph of docker-compose on its port", () => {
    const config = parse(read(PROMETHEUS)) as {
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((s) => s.targets));
    const compose = parse(read("docker-compose.yml")) as {
      services: Record<string, { environment?: Record<string, unknown> }>;
    };
    for (const [name, port] of [["gateway", 4000], ...SERVICE_NAMES.map((s, i) => [s, 4001 + i] as const)] as const) {
      expect(targets, name).toContain(`${name}:${port}`);
      expect(Object.keys(compose.services), name).toContain(name);
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["prometheus", "grafana"]));
  });

  it("charts only metrics the services expose", async () => {
    const dashboard = read("monitoring/grafana/dashboards/tickergraph-overview.json");
    const queried = new Set(
      [...dashboard.matchAll(/tickergraph_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, "")),
    );
    const gateway = createGatewayMetrics().registry;
    subscriptionMetrics(gateway);
    const exposed = new Set([
      ...(await createServiceMetrics("probe").registry.getMetricsAsJSON()).map((m) => m.name),
      ...(await createRuntimeMetrics().registry.getMetricsAsJSON()).map((m) => m.name),
      ...(await gateway.getMetricsAsJSON()).map((m) => m.name),
      ...NOTIFICATION_METRICS,
    ]);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
    expect(queried.size).toBeGreaterThan(10);
  });
});
