// Bounds the scrypt work one client can cause: hashing a password costs ~50 ms of CPU by design, so a client must
// not be able to queue many at once (from many aliases in one request or many requests in parallel).
import { AppError } from "@tickergraph/errors";

export class PasswordWorkLimiter {
  private readonly active = new Map<string, number>();

  /** `maxPerAddress`: password checks or hashes one client address may have in progress at once. */
  constructor(private readonly maxPerAddress = 2) {}

  /** Runs `work` for `address`, or refuses at once (RATE_LIMITED) when that address already has its share running. */
  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const running = this.active.get(address) ?? 0;
    if (running >= this.maxPerAddress) {
      throw new AppError("Too many password operations in progress from your address; retry shortly", "RATE_LIMITED", {
        retryAfterSeconds: 1,
      });
    }
    this.active.set(address, running + 1);
    try {
      return await work();
    } finally {
      const left = (this.active.get(address) ?? 1) - 1;
      if (left === 0) this.active.delete(address);
      else this.active.set(address, left);
    }
  }
}

/** One password operation per request: a request of 50 `login` aliases is refused, not run 50 times. */
export class PasswordBudget {
  private spent = false;

  spend(): void {
    if (this.spent) {
      throw new AppError("Only one login or register per request", "BAD_REQUEST");
    }
    this.spent = true;
  }
}
