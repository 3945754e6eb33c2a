// A load-generator process (forked by run.ts): opens its share of graphql-ws clients and records produce→receive latency.
// Messages are read with string scans, not JSON.parse, to keep the generator's own cost small.
import WebSocket from "ws";
import { TokenService } from "@tickergraph/auth";

const [url = "", clientsArg = "0", queriesArg = "[]", jwtSecret = "", workerName = "w"] = process.argv.slice(2);
/** With a JWT secret, every client signs in as its own user with its own token (the signed-in scenario). */
const tokens = jwtSecret ? new TokenService(jwtSecret, 3600) : undefined;
/** Client i subscribes with queries[i % queries.length]: one feed per query. */
const queries = JSON.parse(queriesArg) as string[];
const clients = Number(clientsArg);
/** Every event received: when it was produced, and how long it took to arrive. */
const producedAts: number[] = [];
const latencies: number[] = [];
let measuringSince = Infinity;
let errors = 0;
let closed = 0;
const sockets: WebSocket[] = [];
const UPDATED_AT = '"updatedAt":"';

async function connect(query: string, index: number): Promise<void> {
  const token = tokens
    ? await tokens.issue({ userId: `bench-${workerName}-${index}`, email: `bench-${workerName}-${index}@example.com` })
    : undefined;
  const init = JSON.stringify({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} });
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    sockets.push(socket);
    socket.on("open", () => socket.send(init));
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"type":"next"')) {
        if (text.includes('"errors"')) errors++;
        const at = text.indexOf(UPDATED_AT) + UPDATED_AT.length;
        const producedAt = Date.parse(text.slice(at, at + 24));
        // Recorded whether or not measuring has begun (the runner's "measure" message may be read after the first
        // measured event on a starved machine); the report keeps the events produced since the measure began.
        producedAts.push(producedAt);
        latencies.push(Date.now() - producedAt);
      } else if (text.includes('"connection_ack"')) {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
        resolve();
      } else if (text.includes('"ping"')) socket.send('{"type":"pong"}');
    });
    socket.on("error", reject);
    // A client the gateway closed (slow client, keep-alive) loses every later event: the report says how many.
    socket.on("close", () => closed++);
  });
}

/** The events produced since measuring began (a late warm-up event is not one of them). */
function measured(): { latencies: number[]; producedAts: number[] } {
  const kept = { latencies: [] as number[], producedAts: [] as number[] };
  for (let i = 0; i < producedAts.length; i++) {
    if (producedAts[i]! < measuringSince) continue;
    kept.latencies.push(latencies[i]!);
    kept.producedAts.push(producedAts[i]!);
  }
  return kept;
}

for (let i = 0; i < clients; i += 200) {
  await Promise.all(
    Array.from({ length: Math.min(200, clients - i) }, (_, j) => connect(queries[(i + j) % queries.length]!, i + j)),
  );
}
process.send!({ type: "connected" });
process.on("disconnect", () => process.exit(0));
process.on("message", (message: { type: string; since?: number }) => {
  if (message.type === "measure") measuringSince = message.since ?? Date.now();
  if (message.type === "count") process.send!({ type: "count", received: measured().latencies.length });
  if (message.type === "report") process.send!({ type: "report", ...measured(), errors, closed });
  if (message.type === "close") {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
