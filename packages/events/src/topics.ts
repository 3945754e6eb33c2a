// The topic catalogue (topics.json, also read by scripts/infra/topics.mjs) and the partitioning rule
// shared by the in-process bus, so both transports keep events of one key in order.
import { createRequire } from "node:module";

export interface TopicSpec {
  name: string;
  partitions: number;
}

const require = createRequire(import.meta.url);
export const TOPICS: readonly TopicSpec[] = require("../topics.json") as TopicSpec[];

export const DEFAULT_PARTITIONS = 3;

export function partitionsOf(type: string): number {
  return TOPICS.find((topic) => topic.name === type)?.partitions ?? DEFAULT_PARTITIONS;
}

/** FNV-1a: cheap, stable across processes; only the in-process bus uses it (Kafka applies its own). */
export function partitionFor(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
