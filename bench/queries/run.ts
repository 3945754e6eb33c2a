// Query-path benchmark: stock @apollo/gateway (in @apollo/server) and Tickergraph's gateway, one after the other in
// the same run, each pinned alone to core 0; the four fixture subgraphs and the load generator share core 1.
// Every response is checked against the benchmark's recorded expected response, and both gateways must return
// identical bytes.
//
//   npm run bench:queries -- [seconds=10] [connections=50]
import { fork, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeServices } from "@apollo/composition";
import autocannon from "autocannon";
import { parse } from "graphql";
import { TokenService } from "@tickergraph/auth";
import { startFixtureSubgraphs } from "../../gateway/test/fixtures/benchmark-subgraphs.js";
import { cpuSeconds, rssMiB } from "./measure.js";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const DATA = new URL("../../../shared/bench-data/gateway-benchmark/", import.meta.url);
const JWT_SECRET = "bench-only-secret-that-is-long-enough-1234";

interface Scenario {
  name: string;
  gateway: "stock" | "tickergraph";
  env?: Record<string, string>;
  /** Each request signed in as a different user (Tickergraph verifies every token; stock forwards it). */
  distinctUsers: boolean;
}

interface Row {
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  subgraphRequestsPerRequest: number;
  cpuPercent: number;
  rssMiB: number;
  verified: number;
  mismatched: number;
}

pinSelf("1");
const fixtures = await startFixtureSubgraphs(new URL("data.json", DATA).pathname);
const composition = composeServices(
  Object.entries(fixtures.typeDefs).map(([name, sdl]) => ({ name, url: fixtures.urls[name], typeDefs: parse(sdl) })),
);
if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join("\n"));
const dir = mkdtempSync(join(tmpdir(), "bench-queries-"));
const supergraphPath = join(dir, "supergraph.graphql");
writeFileSync(supergraphPath, composition.supergraphSdl);
const query = readFileSync(new URL("query.graphql", DATA), "utf8");
const expected = JSON.parse(readFileSync(new URL("expected-structure.json", DATA), "utf8")) as unknown;
const body = JSON.stringify({ query });
const tokenService = new TokenService(JWT_SECRET, 7200);
const tokens = await Promise.all(
  Array.from({ length: 500 }, (_, i) => tokenService.issue({ userId: `bench-user-${i}`, email: `user${i}@bench.test` })),
);

const only = process.env.BENCH_SCENARIOS?.split(",");
const allScenarios: Scenario[] = [
  { name: "stock, distinct users", gateway: "stock", distinctUsers: true },
  { name: "tickergraph, sharing off, distinct users", gateway: "tickergraph", distinctUsers: true, env: { QUERY_SHARING: "false" } },
  { name: "stock, identical public query", gateway: "stock", distinctUsers: false },
  { name: "tickergraph, sharing on, identical public query", gateway: "tickergraph", distinctUsers: false },
];
const scenarios = only ? allScenarios.filter((_, i) => only.includes(String(i + 1))) : allScenarios;

const rows: Row[] = [];
let referenceBody: string | undefined;
for (const scenario of scenarios) {
  const child = await startGateway(scenario);
  try {
    const url = (await ready(child)).replace(/\/$/, "");
    referenceBody = await checkOnce(url, referenceBody);
    rows.push(await load(scenario, url, child.pid!));
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}
await fixtures.close();
print(rows);

function pinSelf(core: string): void {
  try {
    execFileSync("taskset", ["-pc", core, String(process.pid)], { stdio: "ignore" });
  } catch {
    console.warn("taskset unavailable: processes are not pinned");
  }
}

function startGateway(scenario: Scenario): ChildProcess {
  const script = new URL(scenario.gateway === "stock" ? "stock-gateway.ts" : "tickergraph-gateway.ts", import.meta.url);
  const args = [supergraphPath, "0", JSON.stringify(fixtures.urls)];
  const child = fork(script.pathname, args, {
    // BENCH_PROFILE_DIR=<dir> writes each gateway's V8 CPU profile there (read it with top-frames.ts).
    execArgv: ["--import", "tsx", ...(process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
    env: { ...process.env, ...scenario.env, JWT_SECRET, LOG_LEVEL: "warn" },
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

/** One request, deep-compared with the recorded expected response; every later response must be these bytes. */
async function checkOnce(url: string, reference: string | undefined): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await response.text();
  const actual = JSON.parse(text) as unknown;
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`response differs from the benchmark's expected response: ${text.slice(0, 300)}`);
  }
  if (reference !== undefined && reference !== text) throw new Error("the two gateways returned different bytes");
  return text;
}

async function load(scenario: Scenario, url: string, pid: number): Promise<Row> {
  let verified = 0;
  let mismatched = 0;
  let next = 0;
  const subgraphBefore = fixtures.requests();
  const cpuBefore = cpuSeconds(pid);
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({
          ...request,
          body,
          headers: {
            "content-type": "application/json",
            ...(scenario.distinctUsers ? { authorization: `Bearer ${tokens[next++ % tokens.length]}` } : {}),
          },
        }),
        onResponse: (_status, responseBody) => {
          if (responseBody === referenceBody) verified++;
          else mismatched++;
        },
      },
    ],
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const served = result.requests.total;
  return {
    scenario: scenario.name,
    requestsPerSecond: served / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    subgraphRequestsPerRequest: (fixtures.requests() - subgraphBefore) / Math.max(1, served),
    cpuPercent: ((cpuSeconds(pid) - cpuBefore) / elapsed) * 100,
    rssMiB: rssMiB(pid),
    verified,
    mismatched: mismatched + result.non2xx + result.errors,
  };
}

function print(table: Row[]): void {
  const stockDistinct = table.find((r) => r.scenario.startsWith("stock, distinct"));
  const stockIdentical = table.find((r) => r.scenario.startsWith("stock, identical"));
  console.log(`\n${connections} connections, ${seconds} s per scenario, each gateway alone on one core\n`);
  console.log("| scenario | req/s | × stock | p50 | p99 | p99 ÷ stock | subgraph req per req | gateway CPU | RSS | verified |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const row of table) {
    const stock = (row.scenario.includes("identical") ? stockIdentical : stockDistinct) ?? row;
    console.log(
      `| ${row.scenario} | ${row.requestsPerSecond.toFixed(0)} | ${(row.requestsPerSecond / stock.requestsPerSecond).toFixed(1)} | ` +
        `${row.p50} ms | ${row.p99} ms | ${(row.p99 / stock.p99).toFixed(2)} | ${row.subgraphRequestsPerRequest.toFixed(1)} | ` +
        `${row.cpuPercent.toFixed(0)} % | ${row.rssMiB.toFixed(0)} MiB | ${row.verified}/${row.verified + row.mismatched} |`,
    );
  }
}
