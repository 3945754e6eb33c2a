// A bounded async queue: pushed values read through an async iterator, failing the reader who falls too far behind.
export { BoundedQueue, SlowConsumerError } from "./bounded-queue.js";
