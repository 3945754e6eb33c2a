// The catalogue and topics.json name the same topics, and createEvent keys events as the catalogue says.
import { describe, expect, it } from "vitest";
import { createEvent, DOMAIN_EVENT_TYPES, parseEnvelope, TOPICS } from "../src/index.js";

describe("event catalogue", () => {
  it("has exactly the topics of topics.json", () => {
    expect([...DOMAIN_EVENT_TYPES].sort()).toEqual(TOPICS.map((topic) => topic.name).sort());
  });

  it("keys an event by its catalogue key, in an envelope parseEnvelope accepts", () => {
    const tick = createEvent("market.price.ticked", {
      symbol: "AAPL",
      price: 1,
      at: "2026-01-01T00:00:00.000Z",
      producedAt: 0,
    });
    expect(tick.key).toBe("AAPL");
    const fired = createEvent("alert.triggered", {
      id: "a",
      userId: "u",
      symbol: "AAPL",
      direction: "ABOVE",
      threshold: 1,
      status: "TRIGGERED",
      createdAt: "2026-01-01T00:00:00.000Z",
      triggeredAt: "2026-01-01T00:00:01.000Z",
      triggeredPrice: 2,
    });
    expect(fired.key).toBe("u");
    expect(parseEnvelope(JSON.stringify(fired))).toEqual(fired);
  });
});
