// Benchmark: N dashboard sessions held through the gateway, each its own user and token with the dashboard's real
// subscription set over graphql-ws (every instrument's priceTick, alertTriggered, notificationReceived,
// shareValueChanged, snapshotSaved). Subgraphs, gateway and the two client processes are separate processes on real Postgres, Kafka
// and Redis. Prints connections, messages/s per subscription, and the gateway's CPU and RSS.
// Users are seeded in SQL and their tokens minted with the services' own TokenService: sign-up (scrypt, one
// transaction each) is not what is measured, and N of them would take minutes on a shared machine.
//   npm run bench:dashboard -- [sessions=1000] [seconds=20] [shareTickMs=5000]
import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import pg from "pg";
import { TokenService } from "@tickergraph/auth";
import { testConfig, uniqueRunId } from "@tickergraph/testing";
import { dashboardSubscriptions } from "./session-set.js";
import { READY } from "./stack-protocol.js";

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
  const lines = createInterface({ input: child.stdout! });
  // The role's services log (JSON, error level) on the same stdout: show those, and wait for its READY line. A
  // role that dies first fails the run instead of leaving it waiting.
  return new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith(READY)) resolve(JSON.parse(line.slice(READY.length)) as Record<string, string>);
      else process.stderr.write(`${role}: ${line}\n`);
    });
    child.once("exit", (code, signal) => reject(new Error(`${role} exited (${code ?? signal}) before it was ready`)));
  });
}

interface Count {
  received: Record<string, number>;
  errors: number;
  open: number;
  closedUnexpectedly: number;
}

async function gatewayProcess(
  url: string,
): Promise<{ cpu: number; rss: number; upstream: number; connections: number }> {
  const text = await (await fetch(url.replace("/graphql", "/metrics"))).text();
  const metric = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? NaN);
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
  await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ instruments { symbol } }" }),
  })
).json()) as { data: { instruments: Array<{ symbol: string }> } };
const subscriptions = dashboardSubscriptions(instruments.data.instruments.map((i) => i.symbol));
console.log(
  `gateway ${url}; subgraphs ${Object.keys(subgraphs).join(", ")}; ${instruments.data.instruments.length} instruments`,
);

/** N users in the user subgraph's table (as registration leaves them), each with a token of its own. */
async function seedSessions(count: number): Promise<string[]> {
  const config = testConfig(runId);
  const client = new pg.Client({ connectionString: config.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; email: string }>(
      `INSERT INTO "${config.db.schemaPrefix}user"."user" (id, email, password_hash, display_name, share_value)
       SELECT gen_random_uuid(), $2 || '-' || n || '@bench.example', 'x', 'Bench ' || n, 50 + random() * 100
         FROM generate_series(1, $1::int) AS n
       RETURNING id, email`,
      [count, runId],
    );
    const tokens = new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds);
    return Promise.all(rows.map((row) => tokens.issue({ userId: row.id, email: row.email })));
  } finally {
    await client.end();
  }
}

const started = Date.now();
const tokens = await seedSessions(SESSIONS);
console.log(`${SESSIONS} users and tokens in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const half = Math.ceil(SESSIONS / 2);
const workers = [tokens.slice(0, half), tokens.slice(half)]
  .filter((share) => share.length > 0)
  .map((share) => {
    const worker = fork("bench/dashboard/sessions-worker.ts", [url, JSON.stringify(subscriptions)], {
      execArgv: ["--import", "tsx"],
    });
    worker.send({ tokens: share });
    return worker;
  });
children.push(...workers);
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
  for (const c of counts)
    for (const [name, n] of Object.entries(c.received)) received[name] = (received[name] ?? 0) + n;
  return {
    received,
    errors: counts.reduce((a, c) => a + c.errors, 0),
    open: counts.reduce((a, c) => a + c.open, 0),
    closedUnexpectedly: counts.reduce((a, c) => a + c.closedUnexpectedly, 0),
  };
};

// Warm-up: until price ticks flow to the sessions (Kafka consumer groups settle first), then measure over SECONDS.
for (let waited = 0; waited < 60_000 && ((await count()).received.priceTick ?? 0) < SESSIONS; waited += 500) {
  await new Promise((r) => setTimeout(r, 500));
}
const before = await count();
const countedFrom = Date.now();
const gatewayBefore = await gatewayProcess(url);
const cpuFrom = Date.now();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const gatewayAfter = await gatewayProcess(url);
const cpuElapsed = (Date.now() - cpuFrom) / 1000;
const after = await count();
// A loaded machine stretches every step: rates are over the time actually elapsed between the two readings.
const elapsed = (Date.now() - countedFrom) / 1000;

const rows = subscriptions.map((s) => {
  const n = (after.received[s.name] ?? 0) - (before.received[s.name] ?? 0);
  return `| ${s.name} | ${n} | ${Math.round(n / elapsed)} |`;
});
const total =
  Object.values(after.received).reduce((a, n) => a + n, 0) - Object.values(before.received).reduce((a, n) => a + n, 0);
console.log(
  `\n| subscription | messages in ${elapsed.toFixed(1)} s | messages/s |\n|---|---|---|\n${rows.join("\n")}\n| all | ${total} | ${Math.round(total / elapsed)} |`,
);
console.log(
  `\nconnections open: ${after.open} / ${SESSIONS} (gateway reports ${gatewayAfter.connections}), closed unexpectedly: ${after.closedUnexpectedly}, ` +
    `error frames: ${after.errors}, upstream subscriptions: ${gatewayAfter.upstream}`,
);
console.log(
  `gateway CPU: ${(((gatewayAfter.cpu - gatewayBefore.cpu) / cpuElapsed) * 100).toFixed(0)} % of one core, ` +
    `RSS ${(gatewayAfter.rss / 1024 / 1024).toFixed(0)} MB (${(gatewayAfter.rss / SESSIONS / 1024).toFixed(1)} KB per session incl. baseline)`,
);

// Clients first (so no socket errors on their side), then the gateway and the subgraphs.
const stopAll = async (processes: ChildProcess[]) => {
  for (const child of processes) child.kill("SIGTERM");
  await Promise.all(
    processes.map((c) =>
      c.exitCode === null && c.signalCode === null ? once(c, "exit").catch(() => undefined) : undefined,
    ),
  );
};
await stopAll(workers);
await stopAll(children.filter((c) => !workers.includes(c)));
// Held sessions with no prices reaching them would measure an idle gateway: that run fails.
const pricesFlowed = (after.received.priceTick ?? 0) - (before.received.priceTick ?? 0) > 0;
if (!pricesFlowed) console.error("no priceTick reached any session during the measurement: prices were not flowing");
process.exit(after.open === SESSIONS && after.closedUnexpectedly === 0 && pricesFlowed ? 0 : 1);
