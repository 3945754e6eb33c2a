import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/index.js";

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
    const custom = loadConfig({ OPERATION_MAX_COST: "1000", OPERATION_PASSWORD_MUTATIONS: "login, register, changePassword" });
    expect(custom.operationLimits).toMatchObject({ maxCost: 1000, passwordMutations: ["login", "register", "changePassword"] });
    expect(() => loadConfig({ OPERATION_MAX_DEPTH: "-1" })).toThrow(/OPERATION_MAX_DEPTH/);
  });
});
