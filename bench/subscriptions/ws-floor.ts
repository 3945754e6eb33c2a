// Benchmark: the floor under any Node.js subscription gateway on this machine. A bare `ws` server speaking just
// enough graphql-transport-ws broadcasts one prebuilt frame per second to N clients (the same two client
// processes as bench:subscriptions) — no GraphQL, no Kafka, no Redis. Its produce→receive latency is what
// sending N WebSocket frames over loopback costs; compare bench:subscriptions against it.
//   npm run bench:ws-floor -- [clients=1000,5000,10000] [seconds=10]
import { WebSocketServer, type WebSocket } from "ws";
import { drain, percentile, startClients } from "./load-generator.js";

const [clientsArg = "1000,5000,10000", secondsArg = "10"] = process.argv.slice(2);
const SECONDS = Number(secondsArg);
const QUERY = `subscription { priceTick(symbols: ["AAPL"]) { symbol price updatedAt signal } }`;

async function scenario(clients: number) {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => wss.once("listening", resolve));
  const subscribers = new Set<WebSocket>();
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"connection_init"')) socket.send('{"type":"connection_ack"}');
      else if (text.includes('"subscribe"')) subscribers.add(socket);
    });
    socket.on("close", () => subscribers.delete(socket));
  });
  const { port } = wss.address() as { port: number };
  const load = await startClients(`ws://127.0.0.1:${port}/graphql`, clients, [QUERY]);

  const broadcast = () => {
    const started = performance.now();
    const frame = JSON.stringify({
      id: "1",
      type: "next",
      payload: { data: { priceTick: { symbol: "AAPL", price: 200.01, updatedAt: new Date().toISOString(), signal: "HOLD" } } },
    });
    for (const socket of subscribers) socket.send(frame);
    return performance.now() - started;
  };
  broadcast(); // warm-up, not measured
  await new Promise((r) => setTimeout(r, 1000));
  load.measure();
  const sendLoops: number[] = [];
  const t0 = performance.now();
  for (let n = 0; n < SECONDS; n++) {
    const wait = t0 + n * 1000 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sendLoops.push(broadcast());
  }
  await drain(load, SECONDS * clients);
  const { latencies } = await load.report();
  await load.close();
  await new Promise((resolve) => wss.close(resolve));
  latencies.sort((a, b) => a - b);
  return {
    clients,
    delivered: `${latencies.length}/${SECONDS * clients}`,
    "p50 ms": percentile(latencies, 50),
    "p95 ms": percentile(latencies, 95),
    "p99 ms": percentile(latencies, 99),
    "send loop ms": Math.round((sendLoops.reduce((a, b) => a + b, 0) / sendLoops.length) * 10) / 10,
    "µs/send": Math.round((sendLoops.reduce((a, b) => a + b, 0) / sendLoops.length / clients) * 1000 * 10) / 10,
  };
}

const rows = [];
for (const clients of clientsArg.split(",").map(Number)) rows.push(await scenario(clients));
console.log(`\nws floor: one prebuilt frame broadcast per second for ${SECONDS} s by a bare ws server (no GraphQL, no Kafka/Redis)`);
console.table(rows);
process.exit(0);
