// Validates what came off the wire; a foreign or corrupt message is skipped, never allowed to crash a consumer.
import type { EventEnvelope } from "./envelope.js";

export function parseEnvelope(value: Buffer | string | null): EventEnvelope | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(typeof value === "string" ? value : value.toString("utf8")) as Partial<EventEnvelope>;
    if (
      typeof parsed.id === "string" &&
      typeof parsed.type === "string" &&
      typeof parsed.key === "string" &&
      typeof parsed.occurredAt === "string" &&
      typeof parsed.schemaVersion === "number" &&
      "payload" in parsed
    ) {
      return parsed as EventEnvelope;
    }
    return null;
  } catch {
    return null;
  }
}
