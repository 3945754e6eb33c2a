// A background loop that runs a round every poll interval, or at once when woken (after a commit that gave it
// work). Rounds never overlap: a wake during a round runs another right after it. Used by the outbox relay and the
// notification delivery worker.

export interface WakeablePollerOptions {
  /**
   * One round of work. `stopped()` turns true when `stop()` is called, so a round that loops over batches can end
   * early; a round that throws counts as a failure (see `delayMs`).
   */
  round(stopped: () => boolean): Promise<void>;
  /** Called with each round's error and the number of consecutive failed rounds (1 for the first). */
  onError(error: unknown, failures: number): void;
  /** The pause before the next round, given the consecutive failures so far (0 after a round that succeeded). */
  delayMs(failures: number): number;
}

export class WakeablePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private failures = 0;

  constructor(private readonly options: WakeablePollerOptions) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Runs a round now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.runRound().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
        return;
      }
      this.timer = setTimeout(() => this.wake(), this.options.delayMs(this.failures));
    });
  }

  /** No round starts after this; resolves when the round in progress (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async runRound(): Promise<void> {
    try {
      await this.options.round(() => this.stopped);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.options.onError(error, this.failures);
    }
  }
}
