// Pure rules: what each event says, retry delays, preference validation and cursors.
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageSize } from "../src/data/cursor.js";
import { applyUpdate, channelsFor, isE164, preferencesView } from "../src/data/preference-rules.js";
import { retryDelayMs } from "../src/delivery/backoff.js";
import { alertMessage, purchaseMessage } from "../src/messages/compose.js";

describe("messages", () => {
  it("says which way an alert crossed, with two decimals", () => {
    const base = {
      id: "a",
      userId: "u",
      symbol: "AAPL",
      threshold: 250,
      status: "TRIGGERED" as const,
      createdAt: "2026-01-01T00:00:00.000Z",
      triggeredPrice: 251.3141,
      triggeredAt: "2026-01-01T00:00:01.000Z",
    };
    expect(alertMessage({ ...base, direction: "ABOVE" }).body).toBe("AAPL rose above 250.00: 251.31");
    expect(alertMessage({ ...base, direction: "BELOW", triggeredPrice: 249.5 }).body).toBe(
      "AAPL fell below 250.00: 249.50",
    );
  });

  it("writes a receipt with the quantity, unit price and total", () => {
    const message = purchaseMessage({
      purchaseId: "p",
      userId: "u",
      symbol: "TSLA",
      quantity: 3,
      price: 10,
      total: 30,
      at: "",
    });
    expect(message).toEqual({
      kind: "PURCHASE",
      title: "Receipt: 3 TSLA",
      body: "You bought 3 TSLA at 10.00 each, 30.00 in total.",
    });
  });
});

describe("retryDelayMs", () => {
  const policy = { baseMs: 1000, maxMs: 30_000 };

  it("doubles per failure between half and all of base·2^(n−1)", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("never passes the ceiling, even after many failures", () => {
    expect(retryDelayMs(policy, 200, () => 0.999999)).toBe(30_000);
    expect(retryDelayMs(policy, 200, () => 0)).toBe(15_000);
  });

  it("spreads delays that would otherwise coincide", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(policy, 3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});

describe("preferences", () => {
  it("defaults to in-app for everything and email for alerts and the welcome", () => {
    expect(channelsFor(null, "ALERT_TRIGGERED")).toEqual(["IN_APP", "EMAIL"]);
    expect(channelsFor(null, "WELCOME")).toEqual(["IN_APP", "EMAIL"]);
    expect(channelsFor(null, "PROMOTION")).toEqual(["IN_APP"]);
    expect(preferencesView(null).kinds).toHaveLength(6);
  });

  it("accepts E.164 numbers only", () => {
    expect(["+14155550123", "+447911123456", "+33612345678"].every(isE164)).toBe(true);
    expect(["14155550123", "+0123456", "+1234567890123456", "+1 415 555", "tel:+1415", ""].some(isE164)).toBe(false);
  });

  it("names the offending field in BAD_USER_INPUT", () => {
    const bad = (update: Parameters<typeof applyUpdate>[1]) => {
      try {
        applyUpdate(null, update);
      } catch (error) {
        return (error as { extensions: Record<string, unknown> }).extensions;
      }
      throw new Error("accepted");
    };
    expect(bad({ phoneNumber: "555-0123" })).toEqual({ code: "BAD_USER_INPUT", field: "input.phoneNumber" });
    expect(bad({ kinds: [{ kind: "PURCHASE", channels: ["EMAIL", "EMAIL"] }] })).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.kinds.0.channels",
    });
    expect(
      bad({
        kinds: [
          { kind: "PURCHASE", channels: [] },
          { kind: "PURCHASE", channels: ["IN_APP"] },
        ],
      }),
    ).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.kinds.1.kind",
    });
    expect(bad({ kinds: [{ kind: "ALERT_TRIGGERED", channels: ["SMS"] }] })).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.phoneNumber",
    });
  });

  it("keeps the number when omitted, removes it on null, and leaves unlisted kinds alone", () => {
    const first = applyUpdate(null, {
      phoneNumber: "+14155550123",
      kinds: [{ kind: "ALERT_TRIGGERED", channels: ["SMS", "IN_APP"] }],
    });
    expect(first.channels.ALERT_TRIGGERED).toEqual(["IN_APP", "SMS"]);
    const second = applyUpdate(first, { kinds: [{ kind: "PURCHASE", channels: ["EMAIL"] }] });
    expect(second).toEqual({
      phoneNumber: "+14155550123",
      channels: { ALERT_TRIGGERED: ["IN_APP", "SMS"], PURCHASE: ["EMAIL"] },
    });
    expect(() => applyUpdate(second, { phoneNumber: null })).toThrow(/SMS needs a phone number/);
  });
});

describe("cursors", () => {
  it("round-trip a position and refuse anything else as BAD_USER_INPUT on `after`", () => {
    const position = { createdAt: "2026-12-01T10:00:00.123Z", id: "0b0c4f7e-3a57-4c39-9a55-0f4f8f0d6a11" };
    const decoded = decodeCursor(encodeCursor(position));
    expect({ createdAt: decoded.createdAt.toISOString(), id: decoded.id }).toEqual(position);
    expect(() => decodeCursor("not-a-cursor")).toThrow(
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "after" } }),
    );
    expect(() => pageSize(0)).toThrow(
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "first" } }),
    );
    expect(pageSize(undefined)).toBe(20);
  });
});
