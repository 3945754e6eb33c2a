// Query-path benchmark: stock @apollo/gateway (in @apollo/server, forwarding Authorization) and Tickergraph's
// gateway, one after the other in the same run, each pinned alone to core 0; subgraphs and the load generator share
// core 1. Two workloads:
// - "benchmark": the public federation gateway benchmark (four fixture subgraphs, one ~88 KB nested query). Every
//   response is checked against the recorded expected response, and both gateways must return identical bytes.
// - "tickergraph": our own subgraphs (embedded, PGlite) and the dashboard's queries, each request signed in as one
//   of many users. Before load, both gateways must answer every (operation, user) with identical bytes.
//
//   npm run bench:queries -- [seconds=10] [connections=50] [workloads=benchmark,tickergraph]
// BENCH_PROFILE_DIR=<dir> writes each gateway's CPU profile there (read it with bench/queries/top-frames.ts).
import type { ChildProcess } from "node:child_process";
import { execFileSync, fork } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeServices } from "@apollo/composition";
import autocannon from "autocannon";
import { parse } from "graphql";
import { TokenService } from "@tickergraph/auth";
import { startFixtureSubgraphs } from "../../gateway/test/fixtures/benchmark-subgraphs.js";
import { cpuSeconds, rssMiB } from "./measure.js";
import { startTickergraphMix } from "./tickergraph-mix.js";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const workloads = (process.argv[4] ?? "benchmark,tickergraph").split(",");
const DATA = new URL("../../../shared/bench-data/gateway-benchmark/", import.meta.url);
const JWT_SECRET = "bench-only-secret-that-is-long-enough-1234";

interface Scenario {
  name: string;
  gateway: "stock" | "tickergraph";
  sharing?: boolean;
}

interface Workload {
  name: string;
  supergraphPath: string;
  urls: Record<string, string>;
  /** The i-th request: body and optional token. */
  request(i: number): { body: string; token?: string };
  /** Whether a response body is right (the benchmark: the reference bytes; the mix: data and no errors). */
  verify(body: string): boolean;
  /**
   * Checks both gateways answer alike before load (throws otherwise), and answers how many subgraph requests one
   * client request costs when it runs alone (undefined when the workload cannot count them).
   */
  check(url: string): Promise<number | undefined>;
  subgraphRequests(): number | undefined;
  scenarios: Scenario[];
  close(): Promise<void>;
}

interface Row {
  workload: string;
  scenario: Scenario;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  subgraphRequestsPerRequest: number | undefined;
  subgraphRequestsAlone: number | undefined;
  /** The gateway's CPU milliseconds per request at low concurrency (see cpuPerRequest). */
  cpuMsPerRequest: number;
  cpuPercent: number;
  rssMiB: number;
  verified: number;
  failed: number;
}

pinSelf("1");
const tokens = new TokenService(JWT_SECRET, 7200);
const rows: Row[] = [];
for (const name of workloads) {
  const workload = name === "benchmark" ? await benchmarkWorkload() : await tickergraphWorkload();
  try {
    for (const scenario of workload.scenarios) {
      const child = startGateway(scenario, workload);
      try {
        const url = (await ready(child)).replace(/\/$/, "");
        const alone = await workload.check(url);
        const cpuMsPerRequest = await cpuPerRequest(workload, url, child.pid!);
        rows.push({
          ...(await load(workload, scenario, url, child.pid!)),
          subgraphRequestsAlone: alone,
          cpuMsPerRequest,
        });
      } finally {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
    }
  } finally {
    await workload.close();
  }
}
print(rows);

async function benchmarkWorkload(): Promise<Workload> {
  const fixtures = await startFixtureSubgraphs(new URL("data.json", DATA).pathname);
  const composition = composeServices(
    Object.entries(fixtures.typeDefs).map(([name, sdl]) => ({ name, url: fixtures.urls[name], typeDefs: parse(sdl) })),
  );
  if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join("\n"));
  const supergraphPath = join(mkdtempSync(join(tmpdir(), "bench-queries-")), "supergraph.graphql");
  writeFileSync(supergraphPath, composition.supergraphSdl);
  const body = JSON.stringify({ query: readFileSync(new URL("query.graphql", DATA), "utf8") });
  const expected = JSON.stringify(JSON.parse(readFileSync(new URL("expected-structure.json", DATA), "utf8")));
  const userTokens = await Promise.all(
    Array.from({ length: 500 }, (_, i) => tokens.issue({ userId: `bench-user-${i}`, email: `user${i}@bench.test` })),
  );
  let reference: string | undefined;
  return {
    name: "benchmark query",
    supergraphPath,
    urls: fixtures.urls,
    request: (i) => ({ body, token: userTokens[i % userTokens.length] }),
    verify: (text) => text === reference,
    async check(url) {
      const text = await post(url, body);
      if (JSON.stringify(JSON.parse(text)) !== expected)
        throw new Error(`not the expected response: ${text.slice(0, 200)}`);
      if (reference !== undefined && text !== reference) throw new Error("the two gateways returned different bytes");
      reference = text;
      // Plans and connections are warm after the first request: the second one, alone, is the per-request cost.
      const before = fixtures.requests();
      if ((await post(url, body)) !== reference) throw new Error("a second request answered different bytes");
      return fixtures.requests() - before;
    },
    subgraphRequests: () => fixtures.requests(),
    scenarios: [
      { name: "stock", gateway: "stock" },
      { name: "tickergraph, sharing off", gateway: "tickergraph", sharing: false },
      { name: "tickergraph, sharing on", gateway: "tickergraph", sharing: true },
    ],
    close: () => fixtures.close(),
  };
}

async function tickergraphWorkload(): Promise<Workload> {
  const mix = await startTickergraphMix(40);
  const references = new Map<string, string>();
  return {
    name: "tickergraph dashboard mix",
    supergraphPath: mix.supergraphPath,
    urls: mix.urls,
    request: (i) => mix.requests[i % mix.requests.length]!,
    verify: (text) => text.startsWith('{"data":{') && !text.includes('"errors"'),
    async check(url) {
      for (const request of mix.requests.slice(0, 15)) {
        const text = await post(url, request.body, request.token);
        const key = `${request.name}\n${request.token}`;
        const reference = references.get(key);
        if (!text.startsWith('{"data":{') || text.includes('"errors"'))
          throw new Error(`${request.name}: ${text.slice(0, 300)}`);
        if (reference !== undefined && reference !== text) throw new Error(`${request.name}: the two gateways differ`);
        references.set(key, text);
      }
      return undefined;
    },
    subgraphRequests: () => undefined,
    scenarios: [
      { name: "stock", gateway: "stock" },
      { name: "tickergraph", gateway: "tickergraph", sharing: true },
    ],
    close: () => mix.close(),
  };
}

function pinSelf(core: string): void {
  try {
    execFileSync("taskset", ["-pc", core, String(process.pid)], { stdio: "ignore" });
  } catch {
    console.warn("taskset unavailable: processes are not pinned");
  }
}

function startGateway(scenario: Scenario, workload: Workload): ChildProcess {
  const script = new URL(scenario.gateway === "stock" ? "stock-gateway.ts" : "tickergraph-gateway.ts", import.meta.url);
  const profile = process.env.BENCH_PROFILE_DIR;
  const child = fork(script.pathname, [workload.supergraphPath, "0", JSON.stringify(workload.urls)], {
    execArgv: ["--import", "tsx", ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [])],
    env: { ...process.env, JWT_SECRET, LOG_LEVEL: "warn", QUERY_SHARING: String(scenario.sharing ?? true) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  execFileSync("taskset", ["-pc", "0", String(child.pid)], { stdio: "ignore" });
  return child;
}

function ready(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve((message as { ready: string }).ready));
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code} before it was ready`)));
  });
}

async function post(url: string, body: string, token?: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return response.text();
}

/**
 * The gateway's CPU time per request at low concurrency (4 clients, 20 warm-up then 40 measured requests, distinct
 * users): unlike requests/s on a shared machine, it barely moves when other work takes the cores.
 */
async function cpuPerRequest(workload: Workload, url: string, pid: number): Promise<number> {
  const run = async (count: number, offset: number) => {
    await Promise.all(
      Array.from({ length: 4 }, async (_, client) => {
        for (let i = client; i < count; i += 4) {
          const { body, token } = workload.request(offset + i);
          const text = await post(url, body, token);
          if (!workload.verify(text)) throw new Error(`wrong answer while measuring CPU: ${text.slice(0, 200)}`);
        }
      }),
    );
  };
  await run(20, 0);
  const before = cpuSeconds(pid);
  await run(40, 20);
  return ((cpuSeconds(pid) - before) * 1000) / 40;
}

async function load(
  workload: Workload,
  scenario: Scenario,
  url: string,
  pid: number,
): Promise<Omit<Row, "subgraphRequestsAlone" | "cpuMsPerRequest">> {
  let verified = 0;
  let failed = 0;
  let next = 0;
  const subgraphBefore = workload.subgraphRequests();
  const cpuBefore = cpuSeconds(pid);
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const { body, token } = workload.request(next++);
          return {
            ...request,
            body,
            headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          };
        },
        onResponse: (_status, body) => {
          if (workload.verify(body)) verified++;
          else failed++;
        },
      },
    ],
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const served = result.requests.total;
  const subgraphAfter = workload.subgraphRequests();
  return {
    workload: workload.name,
    scenario,
    requestsPerSecond: served / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    subgraphRequestsPerRequest:
      subgraphBefore === undefined || subgraphAfter === undefined
        ? undefined
        : (subgraphAfter - subgraphBefore) / Math.max(1, served),
    cpuPercent: ((cpuSeconds(pid) - cpuBefore) / elapsed) * 100,
    rssMiB: rssMiB(pid),
    verified,
    failed: failed + result.non2xx + result.errors,
  };
}

function print(table: Row[]): void {
  console.log(
    `\n${connections} connections, ${seconds} s per scenario, each gateway alone on core 0, every request signed in\n`,
  );
  console.log(
    "| workload | gateway | req/s | × stock | p50 | p99 | stock p99 ÷ this | CPU ms / req (4 clients) | stock CPU ÷ this | subgraph req / req alone | subgraph req / req under load | gateway CPU | RSS | verified |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of table) {
    const stock = table.find((r) => r.workload === row.workload && r.scenario.gateway === "stock") ?? row;
    console.log(
      `| ${row.workload} | ${row.scenario.name} | ${row.requestsPerSecond.toFixed(0)} | ` +
        `${(row.requestsPerSecond / stock.requestsPerSecond).toFixed(1)} | ${row.p50} ms | ${row.p99} ms | ` +
        `${(stock.p99 / Math.max(1, row.p99)).toFixed(1)} | ${row.cpuMsPerRequest.toFixed(1)} | ` +
        `${(stock.cpuMsPerRequest / row.cpuMsPerRequest).toFixed(1)} | ${row.subgraphRequestsAlone ?? "n/a"} | ` +
        `${row.subgraphRequestsPerRequest?.toFixed(1) ?? "n/a"} | ` +
        `${row.cpuPercent.toFixed(0)} % | ${row.rssMiB.toFixed(0)} MiB | ${row.verified}/${row.verified + row.failed} |`,
    );
  }
}
