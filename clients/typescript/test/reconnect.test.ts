import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "@tickergraph/errors";
import { CLOSE_CODE_UNAUTHENTICATED, reconnectDelayMs } from "../src/reconnect.js";

describe("graphql-ws reconnect policy", () => {
  it("treats the gateway's unauthorized close code as final", () => {
    expect(CLOSE_CODE_UNAUTHENTICATED).toBe(CLOSE_CODES.UNAUTHORIZED.code);
  });

  it("backs off exponentially between half the cap and the cap, capped at 30 s", () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 0)).toBe(2_000);
    expect(reconnectDelayMs(3, () => 1)).toBe(4_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
    expect(reconnectDelayMs(20, () => 0)).toBe(15_000);
  });
});
