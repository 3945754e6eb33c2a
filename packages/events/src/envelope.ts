import { randomUUID } from "node:crypto";

/**
 * Every domain event travels in this envelope, on Kafka and on the in-process bus alike.
 * `type` is a past-tense fact prefixed by its domain (`user.registered`) and is also the topic name
 * (before the configured prefix). `key` decides the partition, so events of one key stay ordered.
 * `id` is unique per fact: consumers drop an id they have already handled (delivery is at least once).
 */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  key: string;
  occurredAt: string;
  schemaVersion: number;
  payload: P;
}

export function createEvent<P>(type: string, key: string, payload: P, schemaVersion = 1): EventEnvelope<P> {
  return { id: randomUUID(), type, key, occurredAt: new Date().toISOString(), schemaVersion, payload };
}
