// The delivery worker: claims due jobs, sends each through its channel's sender with a deadline, and records the
// outcome (sent, retry later with backoff, or dead). Runs in every instance; the queue's SKIP LOCKED claims keep
// instances from sending the same job. A failure here never touches the inbox: notifications are already committed.
import type { Logger } from "@tickergraph/telemetry";
import type { DeliveryView } from "../data/views.js";
import type { DeliveryQueue } from "./delivery-queue.js";
import type { DeliveryMetrics } from "./metrics.js";
import type { Senders } from "./senders.js";

export interface DeliveryWorkerOptions {
  queue: DeliveryQueue;
  senders: Senders;
  metrics: DeliveryMetrics;
  logger: Logger;
  pollMs: number;
  batchSize: number;
  timeoutMs: number;
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: DeliveryWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Looks for due jobs now instead of at the next poll (called after jobs are enqueued). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
        return;
      }
      this.timer = setTimeout(() => this.wake(), this.options.pollMs);
    });
  }

  /** Stops claiming; sends in progress finish and record their outcome. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped) {
        const jobs = await this.options.queue.claim(this.options.batchSize);
        await Promise.all(jobs.map((job) => this.attempt(job)));
        if (jobs.length < this.options.batchSize) return;
      }
    } catch (error) {
      // The database is down or the process is closing: the jobs stay claimed until their lease ends.
      this.options.logger.warn({ err: error }, "delivery round failed; will retry");
    }
  }

  private async attempt(job: DeliveryView): Promise<void> {
    let error: string | null = null;
    try {
      if (job.recipient === null)
        throw new Error("no email address known for the user yet (waiting for user.registered)");
      await withDeadline(
        this.options.senders[job.channel].send({ ...job, recipient: job.recipient }),
        this.options.timeoutMs,
      );
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const result = await this.options.queue.recordAttempt(job, error);
    this.options.metrics.record(job.channel, result.status, job.createdAt);
    const log = { deliveryId: job.id, channel: job.channel, attempt: job.attempts, of: job.maxAttempts };
    if (result.status === "SENT") this.options.logger.debug(log, "delivery sent");
    else if (result.status === "RETRY")
      this.options.logger.info({ ...log, error, retryInMs: result.delayMs }, "delivery failed; will retry");
    else this.options.logger.warn({ ...log, error }, "delivery dead after its last attempt; in the dead-letter queue");
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]);
}
