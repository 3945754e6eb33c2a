// Benchmark: N dashboard sessions held through the gateway, each its own user and token with the dashboard's real
// subscription set over graphql-ws (every instrument's priceTick, alertTriggered, shareValueChanged,
// snapshotSaved). Subgraphs, gateway and the two client processes are separate processes on real Postgres, Kafka
// and Redis. Prints connections, messages/s per subscription, and the gateway's CPU and RSS.
//   npm run bench:dashboard -- [sessions=1000] [seconds=20] [shareTickMs=5000]
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { uniqueRunId } from "@tickergraph/testing";
import { dashboardSubscriptions } from "./session-set.js";

const [sessionsArg = "1000", secondsArg = "20", shareTickArg = "5000"] = process.argv.slice(2);
const SESSIONS = Number(sessionsArg);
const SECONDS = Number(secondsArg);
const runId = uniqueRunId("dash");
const children: ChildProcess[] = [];

async function startRole(role: string, extra = "{}"): Promise<Record<string, string>> {
  const child = fork("bench/dashboard/stack.ts", [role, runId, shareTickArg, extra], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return JSON.parse(line) as Record<string, string>;
}

interface Count { received: Record<string, number>; errors: number; open: number; closedUnexpectedly: number }

async function gatewayProcess(url: string): Promise<{ cpu: number; rss: number; upstream: number; connections: number }> {
  const text = await (await fetch(url.replace("/graphql", "/metrics"))).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    cpu: metric("tickergraph_gateway_process_cpu_seconds_total"),
    rss: metric("tickergraph_gateway_process_resident_memory_bytes"),
    upstream: metric("tickergraph_gateway_subscriptions_upstream"),
    connections: metric("tickergraph_gateway_ws_connections"),
  };
}

const subgraphs = await startRole("subgraphs");
const { url } = (await startRole("gateway", JSON.stringify(subgraphs))) as { url: string };
const instruments = (await (
  await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ instruments { symbol } }" }) })
).json()) as { data: { instruments: Array<{ symbol: string }> } };
const subscriptions = dashboardSubscriptions(instruments.data.instruments.map((i) => i.symbol));
console.log(`gateway ${url}; subgraphs ${Object.keys(subgraphs).join(", ")}; ${instruments.data.instruments.length} instruments`);

const started = Date.now();
const half = Math.ceil(SESSIONS / 2);
const workers = [[0, half], [half, SESSIONS - half]].filter(([, n]) => n! > 0).map(([first, n]) =>
  fork("bench/dashboard/sessions-worker.ts", [url, String(first), String(n), runId, JSON.stringify(subscriptions)], { execArgv: ["--import", "tsx"] }),
);
children.push(...workers);
await Promise.all(workers.map((w) => once(w, "message")));
console.log(`${SESSIONS} users signed up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await Promise.all(workers.map((w) => once(w, "message")));
console.log(`${SESSIONS} sessions connected after ${((Date.now() - started) / 1000).toFixed(1)} s`);

const count = async (): Promise<Count> => {
  const counts = await Promise.all(
    workers.map(async (w) => {
      w.send({ type: "count" });
      return ((await once(w, "message")) as [Count])[0];
    }),
  );
  const received: Record<string, number> = {};
  for (const c of counts) for (const [name, n] of Object.entries(c.received)) received[name] = (received[name] ?? 0) + n;
  return {
    received,
    errors: counts.reduce((a, c) => a + c.errors, 0),
    open: counts.reduce((a, c) => a + c.open, 0),
    closedUnexpectedly: counts.reduce((a, c) => a + c.closedUnexpectedly, 0),
  };
};

// Warm-up: every subscription reaches its subgraph; then measure over SECONDS.
await new Promise((r) => setTimeout(r, 3_000));
const before = await count();
const gatewayBefore = await gatewayProcess(url);
const t0 = Date.now();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const after = await count();
const gatewayAfter = await gatewayProcess(url);
const elapsed = (Date.now() - t0) / 1000;

const rows = subscriptions.map((s) => {
  const n = (after.received[s.name] ?? 0) - (before.received[s.name] ?? 0);
  return `| ${s.name} | ${n} | ${Math.round(n / elapsed)} |`;
});
const total = Object.values(after.received).reduce((a, n) => a + n, 0) - Object.values(before.received).reduce((a, n) => a + n, 0);
console.log(`\n| subscription | messages in ${elapsed.toFixed(1)} s | messages/s |\n|---|---|---|\n${rows.join("\n")}\n| all | ${total} | ${Math.round(total / elapsed)} |`);
console.log(
  `\nconnections open: ${after.open} / ${SESSIONS} (gateway reports ${gatewayAfter.connections}), closed unexpectedly: ${after.closedUnexpectedly}, ` +
    `error frames: ${after.errors}, upstream subscriptions: ${gatewayAfter.upstream}`,
);
console.log(
  `gateway CPU: ${(((gatewayAfter.cpu - gatewayBefore.cpu) / elapsed) * 100).toFixed(0)} % of one core, ` +
    `RSS ${(gatewayAfter.rss / 1024 / 1024).toFixed(0)} MB (${((gatewayAfter.rss / SESSIONS) / 1024).toFixed(1)} KB per session incl. baseline)`,
);

for (const worker of workers) worker.send({ type: "close" });
for (const child of children) child.kill("SIGTERM");
await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : undefined)));
process.exit(after.open === SESSIONS && after.closedUnexpectedly === 0 ? 0 : 1);
