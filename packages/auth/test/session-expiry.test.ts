import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../src/index.js";
import { onSessionExpiry, TokenService } from "../src/index.js";

const identity = { userId: "u1", email: "u1@example.com" };

describe("onSessionExpiry", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fires once, when the token expires", () => {
    const expired = vi.fn();
    onSessionExpiry({ identity, expiresAtMs: Date.now() + 60_000 }, expired);
    vi.advanceTimersByTime(59_999);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(120_000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("never fires once cancelled, nor for an anonymous or non-expiring session", () => {
    const expired = vi.fn();
    const cancel = onSessionExpiry({ identity, expiresAtMs: Date.now() + 1000 }, expired);
    cancel();
    onSessionExpiry(null, expired);
    onSessionExpiry({ identity, expiresAtMs: undefined }, expired);
    vi.advanceTimersByTime(10_000);
    expect(expired).not.toHaveBeenCalled();
  });

  it("waits past setTimeout's 24.8-day limit by chaining timers", () => {
    const expired = vi.fn();
    const days40 = 40 * 86_400_000;
    onSessionExpiry({ identity, expiresAtMs: Date.now() + days40 }, expired);
    vi.advanceTimersByTime(days40 - 1);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("reports an already expired session asynchronously, after the caller holds the cancel function", () => {
    const expired = vi.fn();
    const session: Session = { identity, expiresAtMs: Date.now() - 1 };
    onSessionExpiry(session, expired);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(expired).toHaveBeenCalledTimes(1);
  });
});

describe("TokenService sessions", () => {
  it("gives the token's expiry with its identity", async () => {
    const tokens = new TokenService("a-test-secret-that-is-long-enough-0123", 600);
    const before = Date.now();
    const session = await tokens.sessionFromAuthorizationHeader(`Bearer ${await tokens.issue(identity)}`);
    expect(session?.identity).toMatchObject(identity);
    // exp has whole-second precision.
    expect(session!.expiresAtMs! - before).toBeGreaterThan(598_000);
    expect(session!.expiresAtMs! - before).toBeLessThanOrEqual(600_000);
    expect(await tokens.sessionFromAuthorizationHeader(undefined)).toBeNull();
  });
});
