// Keeps one kafkajs consumer alive. kafkajs restarts a crashed consumer only for errors it deems retriable, and a
// consumer that crashed for any other reason (a coordinator error after a broker pause, a handler that kept
// failing) stays down for good. So kafkajs never restarts here (restartOnFailure → false): every crash is answered
// by building a fresh consumer in the same group, with backoff, which resumes from the group's committed offsets.
import type { Consumer, ConsumerConfig, Kafka } from "kafkajs";
import type { Logger } from "@tickergraph/telemetry";

export interface ConsumerHealth {
  /** The consumer group (with the bus's topic prefix). */
  group: string;
  /** Joined its group and fetching; false from a crash until the rebuilt consumer has joined again. */
  running: boolean;
  restarts: number;
}

export interface SupervisedConsumerOptions {
  kafka: Kafka;
  config: Omit<ConsumerConfig, "retry">;
  /** Subscribes and runs a freshly connected consumer (the same on the first start and after every crash). */
  setup(consumer: Consumer): Promise<void>;
  logger: Logger;
  onRestart?(group: string): void;
  /** First delay before a rebuild; it doubles per failed attempt up to `maxBackoffMs`, with jitter. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** The delay before rebuild number `attempt` (0-based): exponential, capped, with ±20 % jitter. Pure. */
export function restartDelayMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class SupervisedConsumer {
  private consumer: Consumer | undefined;
  private running = false;
  private stopped = false;
  private restarts = 0;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private rebuilding: Promise<void> | undefined;

  constructor(private readonly options: SupervisedConsumerOptions) {}

  get group(): string {
    return this.options.config.groupId;
  }

  health(): ConsumerHealth {
    return { group: this.group, running: this.running, restarts: this.restarts };
  }

  /** The first start: a failure here is the caller's (the service does not start), not retried. */
  async start(): Promise<void> {
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.rebuilding?.catch(() => undefined);
    this.running = false;
    await this.consumer?.disconnect();
  }

  private async launch(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      ...this.options.config,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (this.consumer !== consumer) return;
      this.running = true;
      this.attempt = 0;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer !== consumer || this.stopped) return;
      this.running = false;
      this.options.logger.warn({ group: this.group, err: payload.error }, "Kafka consumer crashed; rebuilding it");
      this.scheduleRebuild();
    });
    try {
      await consumer.connect();
      await this.options.setup(consumer);
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private scheduleRebuild(): void {
    if (this.stopped || this.timer) return;
    const delay = restartDelayMs(
      this.attempt++,
      this.options.initialBackoffMs ?? 500,
      this.options.maxBackoffMs ?? 15_000,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Rebuilds run one at a time; a crash during one (its join failed) schedules the next.
      this.rebuilding = (this.rebuilding ?? Promise.resolve()).then(() => this.rebuild());
    }, delay);
  }

  private async rebuild(): Promise<void> {
    if (this.stopped) return;
    await this.consumer?.disconnect().catch(() => undefined);
    this.restarts += 1;
    this.options.onRestart?.(this.group);
    try {
      await this.launch();
      this.options.logger.info({ group: this.group, restarts: this.restarts }, "Kafka consumer restarted");
    } catch (error) {
      this.options.logger.warn({ group: this.group, err: error }, "Kafka consumer restart failed; retrying");
      this.scheduleRebuild();
    }
  }
}
