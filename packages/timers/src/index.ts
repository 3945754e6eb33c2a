// Timing shared by services and tests: a deadline on a promise, and a loop that polls but can be woken early.
export { withDeadline, DeadlineError } from "./deadline.js";
export { WakeablePoller, type WakeablePollerOptions } from "./wakeable-poller.js";
