// Failed-login bookkeeping in Postgres, so every instance enforces the same lock.
import { AppError } from "@tickergraph/errors";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { forgottenBefore, lockDurationMs, retryAfterSeconds } from "./throttle-policy.js";

export class LoginThrottle {
  constructor(private readonly prisma: PrismaClient, private readonly now: () => Date = () => new Date()) {}

  /** Throws UNAUTHENTICATED with `retryAfterSeconds` while the email is locked. */
  async assertAllowed(email: string): Promise<void> {
    const row = await this.prisma.loginThrottle.findUnique({ where: { email } });
    const wait = retryAfterSeconds(row?.lockedUntil ?? null, this.now());
    if (wait > 0) {
      throw new AppError(`Too many failed logins; try again in ${wait} s`, "UNAUTHENTICATED", { retryAfterSeconds: wait });
    }
  }

  async recordFailure(email: string): Promise<void> {
    const now = this.now();
    // Conditional on staleness, so a concurrent failure that just counted is never reset by another instance.
    await this.prisma.loginThrottle.updateMany({
      where: { email, updatedAt: { lt: forgottenBefore(now) } },
      data: { failures: 0, lockedUntil: null },
    });
    const row = await this.prisma.loginThrottle.upsert({
      where: { email },
      create: { email, failures: 1, updatedAt: now },
      update: { failures: { increment: 1 }, updatedAt: now },
    });
    const lockMs = lockDurationMs(row.failures);
    if (lockMs > 0) {
      await this.prisma.loginThrottle.update({
        where: { email },
        data: { lockedUntil: new Date(now.getTime() + lockMs) },
      });
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { email } });
  }
}
