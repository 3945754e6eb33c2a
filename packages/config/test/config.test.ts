import { describe, expect, it } from "vitest";
import { CONFIG_DOCS, loadConfig, SUBSCRIPTION_LIMIT_DEFAULTS } from "../src/index.js";
import { SUBSCRIPTION_LIMIT_VARIABLES } from "../src/subscription-limits.js";

describe("loadConfig", () => {
  it("defaults to the embedded mode with the documented ports", () => {
    const config = loadConfig({});
    expect(config.mode).toBe("embedded");
    expect(config.gateway.port).toBe(4000);
    expect(config.services.user.port).toBe(4001);
    expect(config.services.analytics.port).toBe(4005);
    expect(config.ticks.shareValueMs).toBe(5000);
  });

  it("requires a JWT secret in distributed mode", () => {
    expect(() => loadConfig({ TICKERGRAPH_MODE: "distributed" })).toThrow(/JWT_SECRET/);
  });

  it("names every invalid variable", () => {
    expect(() => loadConfig({ GATEWAY_PORT: "nope", DB_SCHEMA_PREFIX: "Bad-Prefix" })).toThrow(
      /GATEWAY_PORT.*DB_SCHEMA_PREFIX|DB_SCHEMA_PREFIX.*GATEWAY_PORT/,
    );
  });

  it("splits the broker list and merges overrides section by section", () => {
    const config = loadConfig({ KAFKA_BROKERS: "a:1, b:2" }, { ticks: { shareValueMs: 100 } });
    expect(config.kafka.brokers).toEqual(["a:1", "b:2"]);
    expect(config.ticks).toMatchObject({ shareValueMs: 100, priceMs: 1000 });
  });

  it("reads every subscription limit from its own variable, with the documented defaults", () => {
    expect(loadConfig({}).subscriptions).toEqual(SUBSCRIPTION_LIMIT_DEFAULTS);
    const config = loadConfig({ SUBSCRIPTION_MAX_CONNECTIONS: "500", SUBSCRIPTION_MAX_DEPTH: "4", SUBSCRIPTION_DEDUPE: "false" });
    expect(config.subscriptions).toMatchObject({ maxConnections: 500, maxDepth: 4, dedupe: false, maxClientBacklog: 1000 });
    expect(() => loadConfig({ SUBSCRIPTION_MAX_PER_CONNECTION: "0" })).toThrow(/SUBSCRIPTION_MAX_PER_CONNECTION/);
    const documented = CONFIG_DOCS.map((row) => row.variable);
    for (const variable of Object.keys(SUBSCRIPTION_LIMIT_VARIABLES)) expect(documented).toContain(variable);
  });

  it("configures a subgraph URL only when its URL or port is set; otherwise the supergraph's URL applies", () => {
    expect(loadConfig({}).services.market.url).toBeUndefined();
    expect(loadConfig({ MARKET_PORT: "4202" }).services.market.url).toBe("http://127.0.0.1:4202/graphql");
    expect(loadConfig({ MARKET_URL: "http://market:80/graphql" }).services.market.url).toBe("http://market:80/graphql");
    expect(loadConfig({ SUPERGRAPH_PATH: "elsewhere.graphql" }).gateway.supergraphPath).toBe("elsewhere.graphql");
  });
});
