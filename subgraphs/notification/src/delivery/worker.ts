// The delivery worker: claims due jobs, sends each through its channel's sender with a deadline, and records the
// outcome (sent, retry later with backoff, or dead). Runs in every instance; the queue's SKIP LOCKED claims keep
// instances from sending the same job. A failure here never touches the inbox: notifications are already committed.
import type { Logger } from "@tickergraph/telemetry";
import { WakeablePoller, withDeadline } from "@tickergraph/timers";
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
  private readonly poller: WakeablePoller;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.poller = new WakeablePoller({
      round: async (stopped) => {
        while (!stopped()) {
          const jobs = await options.queue.claim(options.batchSize);
          await Promise.all(jobs.map((job) => this.attempt(job)));
          if (jobs.length < options.batchSize) return;
        }
      },
      // The database is down or the process is closing: the jobs stay claimed until their lease ends.
      onError: (error) => options.logger.warn({ err: error }, "delivery round failed; will retry"),
      delayMs: () => options.pollMs,
    });
  }

  start(): void {
    this.poller.start();
  }

  /** Looks for due jobs now instead of at the next poll (called after jobs are enqueued). */
  wake(): void {
    this.poller.wake();
  }

  /** Stops claiming; sends in progress finish and record their outcome. */
  async stop(): Promise<void> {
    await this.poller.stop();
  }

  private async attempt(job: DeliveryView): Promise<void> {
    let error: string | null = null;
    try {
      if (job.recipient === null)
        throw new Error("no email address known for the user yet (waiting for user.registered)");
      await withDeadline(
        this.options.senders[job.channel].send({ ...job, recipient: job.recipient }),
        this.options.timeoutMs,
        `the ${job.channel} sender`,
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
