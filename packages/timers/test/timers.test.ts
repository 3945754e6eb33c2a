// The deadline and the wakeable poller, with fake timers: no real waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeadlineError, WakeablePoller, withDeadline } from "../src/index.js";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe("withDeadline", () => {
  it("passes the value through when the promise settles first", async () => {
    await expect(withDeadline(Promise.resolve(7), 100, "seven")).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with a DeadlineError naming what was awaited", async () => {
    const late = withDeadline(new Promise(() => undefined), 100, "an answer");
    const checked = expect(late).rejects.toThrow(new DeadlineError("an answer", 100));
    await vi.advanceTimersByTimeAsync(100);
    await checked;
    await expect(late).rejects.toThrow("timed out after 100 ms waiting for an answer");
  });
});

describe("WakeablePoller", () => {
  it("runs a round at start, then every delay, and at once when woken", async () => {
    let rounds = 0;
    const poller = new WakeablePoller({
      round: async () => void rounds++,
      onError: () => undefined,
      delayMs: () => 1000,
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rounds).toBe(2);
    poller.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(3);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(rounds).toBe(3);
  });

  it("runs one more round after a wake that came during a round, never two at once", async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    let release: () => void = () => undefined;
    const poller = new WakeablePoller({
      round: async () => {
        active++;
        most = Math.max(most, active);
        rounds++;
        if (rounds === 1) await new Promise<void>((resolve) => (release = resolve));
        active--;
      },
      onError: () => undefined,
      delayMs: () => 60_000,
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.wake();
    poller.wake();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect({ rounds, most }).toEqual({ rounds: 2, most: 1 });
    await poller.stop();
  });

  it("reports consecutive failures and asks for the delay after each", async () => {
    const failures: number[] = [];
    const delays: number[] = [];
    let fail = true;
    const poller = new WakeablePoller({
      round: async () => {
        if (fail) throw new Error("down");
      },
      onError: (_error, count) => failures.push(count),
      delayMs: (count) => {
        delays.push(count);
        return 100;
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(250);
    fail = false;
    await vi.advanceTimersByTimeAsync(100);
    await poller.stop();
    expect(failures).toEqual([1, 2, 3]);
    expect(delays).toEqual([1, 2, 3, 0]);
  });

  it("lets a round see that stop was called, and stop waits for it", async () => {
    let sawStop = false;
    let release: () => void = () => undefined;
    const poller = new WakeablePoller({
      round: async (stopped) => {
        await new Promise<void>((resolve) => (release = resolve));
        sawStop = stopped();
      },
      onError: () => undefined,
      delayMs: () => 1000,
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    const stopping = poller.stop();
    release();
    await stopping;
    expect(sawStop).toBe(true);
  });
});
