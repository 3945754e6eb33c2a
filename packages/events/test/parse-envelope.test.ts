import { describe, expect, it } from "vitest";
import { envelope, parseEnvelope } from "../src/index.js";

describe("parseEnvelope", () => {
  it("reads back an envelope written as JSON, from a Buffer or a string", () => {
    const event = envelope("user.registered", "u1", { email: "a@b.c" });
    expect(parseEnvelope(Buffer.from(JSON.stringify(event)))).toEqual(event);
    expect(parseEnvelope(JSON.stringify(event))).toEqual(event);
  });

  it("rejects a tombstone, invalid JSON and JSON that lacks envelope fields", () => {
    const { schemaVersion: _dropped, ...partial } = envelope("user.registered", "u1", {});
    expect(parseEnvelope(null)).toBeNull();
    expect(parseEnvelope("{not json")).toBeNull();
    expect(parseEnvelope("42")).toBeNull();
    expect(parseEnvelope("null")).toBeNull();
    expect(parseEnvelope(JSON.stringify(partial))).toBeNull();
  });
});
