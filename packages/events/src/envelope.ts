import { randomUUID } from "node:crypto";

/**
 * Every domain event travels in this envelope, on Kafka and on the in-process bus alike.
 * `type` is a past-tense fact prefixed by its domain (`user.registered`) and is also the topic name
 * (before the configured prefix). `key` decides the partition, so events of one key stay ordered.
 * `id` is unique per fact: consumers drop an id they have already handled (delivery is at least once).
 * The domain's types, payloads and keys are in catalogue.ts.
 */
export interface EventEnvelope<P = unknown, T extends string = string> {
  id: string;
  type: T;
  key: string;
  occurredAt: string;
  schemaVersion: number;
  payload: P;
}

/** Event type → payload type: what a bus carries (`DomainEvents` in production, ad-hoc maps in the bus's tests). */
export type EventMap = object;

/** The type names of a map. */
export type TypeOf<M extends EventMap> = keyof M & string;

/** The envelope of one type of `M`; for a union of types, the union of their envelopes. */
export type EnvelopeOf<M extends EventMap, T extends TypeOf<M> = TypeOf<M>> = {
  [K in T]: EventEnvelope<M[K], K>;
}[T];

/** An envelope with the key given by the caller; domain code uses the catalogue's `createEvent` instead. */
export function envelope<T extends string, P>(
  type: T,
  key: string,
  payload: P,
  schemaVersion = 1,
): EventEnvelope<P, T> {
  return { id: randomUUID(), type, key, occurredAt: new Date().toISOString(), schemaVersion, payload };
}
