import { describe, expect, it } from "vitest";
import { everyPortFree, loadConfig } from "../src/index.js";

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
});
