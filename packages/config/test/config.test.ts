import { describe, expect, it } from "vitest";
import { loadConfig, SUBSCRIPTION_LIMIT_DEFAULTS } from "../src/index.js";

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

  it("refuses a weak JWT secret in distributed mode, and marks where the embedded secret comes from", () => {
    const distributed = (JWT_SECRET: string) => () => loadConfig({ TICKERGRAPH_MODE: "distributed", JWT_SECRET });
    expect(distributed("a".repeat(40))).toThrow(/JWT_SECRET is weak \(fewer than 10 distinct characters\)/);
    expect(distributed("tickergraph-embedded-development-secret-do-not-use")).toThrow(/public development secret/);
    expect(distributed("0f3c9a7b21d84e6f5a0b9c8d7e6f5a4b3c2d1e0f")().auth.secretSource).toBe("env");
    expect(loadConfig({}).auth.secretSource).toBe("generate");
    expect(loadConfig({ JWT_INSECURE_DEV_SECRET: "true" }).auth.secretSource).toBe("insecure-dev");
  });

  it("reads CORS origins and the subgraph public-schema flag, closed by default for subgraphs", () => {
    expect(loadConfig({}).cors.origins).toBe("*");
    expect(loadConfig({}).subgraphs.publicSchema).toBe(false);
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.com, https://admin.example.com" }).cors.origins).toEqual([
      "https://app.example.com",
      "https://admin.example.com",
    ]);
    expect(loadConfig({ SUBGRAPH_PUBLIC_SCHEMA: "true" }).subgraphs.publicSchema).toBe(true);
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
    const config = loadConfig({ SUBSCRIPTION_MAX_CONNECTIONS: "500", SUBSCRIPTION_DEDUPE: "false" });
    expect(config.subscriptions).toMatchObject({ maxConnections: 500, dedupe: false, maxClientBacklog: 1000 });
    expect(() => loadConfig({ SUBSCRIPTION_MAX_PER_CONNECTION: "0" })).toThrow(/SUBSCRIPTION_MAX_PER_CONNECTION/);
  });

  it("configures a subgraph URL only when its URL or port is set; otherwise the supergraph's URL applies", () => {
    expect(loadConfig({}).services.market.url).toBeUndefined();
    expect(loadConfig({ MARKET_PORT: "4202" }).services.market.url).toBe("http://127.0.0.1:4202/graphql");
    expect(loadConfig({ MARKET_URL: "http://market:80/graphql" }).services.market.url).toBe("http://market:80/graphql");
    expect(loadConfig({ SUPERGRAPH_PATH: "elsewhere.graphql" }).gateway.supergraphPath).toBe("elsewhere.graphql");
  });

  it("reads the operation limits, with the documented defaults", () => {
    expect(loadConfig({}).operationLimits).toEqual({
      maxTokens: 15_000,
      maxDepth: 12,
      maxAliases: 50,
      maxRootFields: 20,
      maxCost: 25_000,
      defaultListSize: 20,
      maxPasswordMutations: 1,
      passwordMutations: ["login", "register"],
    });
    const custom = loadConfig({
      OPERATION_MAX_COST: "1000",
      OPERATION_PASSWORD_MUTATIONS: "login, register, changePassword",
    });
    expect(custom.operationLimits).toMatchObject({
      maxCost: 1000,
      passwordMutations: ["login", "register", "changePassword"],
    });
    expect(() => loadConfig({ OPERATION_MAX_DEPTH: "-1" })).toThrow(/OPERATION_MAX_DEPTH/);
  });
});
