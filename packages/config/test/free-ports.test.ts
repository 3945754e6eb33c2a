import { describe, expect, it } from "vitest";
import { defaultSubgraphPorts, everyPortFree, loadConfig } from "../src/index.js";

describe("everyPortFree", () => {
  it("sets every port the config knows to 0, so services started side by side never collide", () => {
    const ports = everyPortFree();
    for (const variable of [
      "GATEWAY_PORT",
      "USER_PORT",
      "ANALYTICS_PORT",
      "NOTIFICATION_GRPC_PORT",
      "ANALYTICS_GRPC_PORT",
    ]) {
      expect(ports[variable]).toBe("0");
    }
    const config = loadConfig(ports);
    expect([config.gateway.port, config.services.user.port, config.analytics.grpcPort]).toEqual([0, 0, 0]);
  });

  it("gives each subgraph's default port, as the composed supergraph's URLs carry them", () => {
    expect(defaultSubgraphPorts()).toEqual({
      user: 4001,
      market: 4002,
      alert: 4003,
      notification: 4004,
      analytics: 4005,
    });
  });
});
