// In-flight sharing: identical work requested while the same work is already running waits for it and gets the
// same result, instead of running again. Nothing is cached: an entry lives exactly as long as its work.
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();
  private shared = 0;

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) {
      this.shared++;
      return existing;
    }
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  stats(): { running: number; shared: number } {
    return { running: this.running.size, shared: this.shared };
  }
}
