// A fake SMS provider for tests: a real HTTP server that answers each POST as the test scripts it (fail the first
// n, fail always, accept) and records every request it got.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { until } from "@tickergraph/testing";

export interface ScriptedSmsProvider {
  url: string;
  /** Every request, in order, with the status it was answered with. */
  requests: Array<{ to: string; body: string; status: number }>;
  accepted(): Array<{ to: string; body: string }>;
  /** Status for the next requests: a function of the 1-based request number. */
  answer(status: (n: number) => number): void;
  stop(): Promise<void>;
}

export async function startScriptedSmsProvider(status: (n: number) => number): Promise<ScriptedSmsProvider> {
  let script = status;
  const requests: ScriptedSmsProvider["requests"] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const fields = JSON.parse(raw) as { to: string; body: string };
      const code = script(requests.length + 1);
      requests.push({ to: fields.to, body: fields.body, status: code });
      res.writeHead(code).end(code < 300 ? '{"accepted":true}' : '{"error":"provider down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`,
    requests,
    accepted: () => requests.filter((r) => r.status < 300).map(({ to, body }) => ({ to, body })),
    answer: (next) => (script = next),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `condition` until it holds (or fails after `ms`): for outcomes of background work. */
export const eventually = <T>(condition: () => T | Promise<T>, ms = 60_000, what = "a condition") =>
  until(what, condition, ms, 25);
