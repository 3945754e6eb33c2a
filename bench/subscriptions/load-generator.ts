// The client side of the subscription benchmarks: graphql-ws clients spread over two forked processes (real
// subscribers do not share one event loop), each recording produce→receive latency.
import { fork } from "node:child_process";
import { once } from "node:events";

export interface LoadGenerator {
  /** From now on, count events produced from now on (the workers' clocks are this machine's). */
  measure(): void;
  /** Measured messages received so far, across workers. */
  received(): Promise<number>;
  /**
   * Measured events: each one's latency, how many clients got each produced event (keyed by its produce time), how
   * many error results arrived and how many clients' sockets closed.
   */
  report(): Promise<{ latencies: number[]; perEvent: Map<number, number>; errors: number; closed: number }>;
  close(): Promise<void>;
}

/**
 * Opens `clients` connections to `url`; client i subscribes with `queries[i % queries.length]`. With `jwtSecret`,
 * each client signs in as its own user with its own token.
 */
export async function startClients(
  url: string,
  clients: number,
  queries: string[],
  jwtSecret = "",
): Promise<LoadGenerator> {
  const workers = [Math.ceil(clients / 2), Math.floor(clients / 2)]
    .filter((n) => n > 0)
    .map((n, index) =>
      fork("bench/subscriptions/clients-worker.ts", [url, String(n), JSON.stringify(queries), jwtSecret, `w${index}`], {
        execArgv: ["--import", "tsx"],
        serialization: "advanced",
      }),
    );
  await Promise.all(workers.map((w) => once(w, "message")));
  const ask = async <T>(type: string): Promise<T[]> =>
    Promise.all(
      workers.map(async (w) => {
        w.send({ type });
        const [message] = (await once(w, "message")) as [T];
        return message;
      }),
    );
  return {
    measure: () => {
      const since = Date.now();
      for (const w of workers) w.send({ type: "measure", since });
    },
    async received() {
      const counts = await ask<{ received: number }>("count");
      return counts.reduce((a, c) => a + c.received, 0);
    },
    async report() {
      const reports = await ask<{ latencies: number[]; producedAts: number[]; errors: number; closed: number }>(
        "report",
      );
      const perEvent = new Map<number, number>();
      for (const at of reports.flatMap((r) => r.producedAts)) perEvent.set(at, (perEvent.get(at) ?? 0) + 1);
      return {
        latencies: reports.flatMap((r) => r.latencies),
        perEvent,
        errors: reports.reduce((a, r) => a + r.errors, 0),
        closed: reports.reduce((a, r) => a + r.closed, 0),
      };
    },
    async close() {
      for (const w of workers) w.send({ type: "close" });
      await Promise.all(workers.map((w) => once(w, "exit")));
    },
  };
}

/** Waits until `expected` measured messages arrived or `timeoutMs` passed (an overloaded run delivers late). */
export async function drain(load: LoadGenerator, expected: number, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && (await load.received()) < expected; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
