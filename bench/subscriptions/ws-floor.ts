// Benchmark: the floor under any Node.js subscription gateway on this machine. A bare `ws` server speaking just
// enough graphql-transport-ws broadcasts one message per second to N clients (the same two client processes as
// bench:subscriptions) — no GraphQL, no Kafka, no Redis. Its produce→receive latency is what sending N WebSocket
// frames over loopback costs; compare bench:subscriptions against it. Two ways to send, each its own row:
// - `ws.send`: the message string handed to each socket's ws.send (ws frames and UTF-8-encodes it per socket);
// - `framed once`: the message framed once with ws's Sender.frame, the same buffers written to every socket
//   inside cork()/uncork(): the floor for framing once;
// - `gateway`: the gateway's own per-client path (gateway/src/subscriptions/frame-writer.ts: a PushSubscription per
//   client with its own UUID subscription id, as graphql-ws clients send, fed one shared result per event), so the
//   gateway's per-delivery cost is a same-run ratio against the two rows above.
//   npm run bench:ws-floor -- [clients=1000,5000,10000] [seconds=10] [methods=ws.send,framed,gateway]
import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import * as ws from "ws";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";
import type { PushSubscription } from "../../gateway/src/subscriptions/client-sink.js";
import { socketSubscription } from "../../gateway/src/subscriptions/frame-writer.js";
import { shareResult } from "../../gateway/src/subscriptions/shared-result.js";
import { drain, percentile, startClients } from "./load-generator.js";

const [clientsArg = "1000,5000,10000", secondsArg = "10", methodsArg = "ws.send,framed,gateway"] =
  process.argv.slice(2);
type Method = "ws.send" | "framed" | "gateway";
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] } };
const SECONDS = Number(secondsArg);
const QUERY = `subscription { priceTick(symbols: ["AAPL"]) { symbol price updatedAt signal } }`;

async function scenario(clients: number, method: Method) {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => wss.once("listening", resolve));
  const subscribers = new Set<WebSocket>();
  const subscriptions = new Set<PushSubscription>();
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"connection_init"')) socket.send('{"type":"connection_ack"}');
      else if (text.includes('"subscribe"')) {
        subscribers.add(socket);
        subscriptions.add(socketSubscription(socket, randomUUID(), 8 * 1024 * 1024, () => undefined));
      }
    });
    socket.on("close", () => subscribers.delete(socket));
  });
  const { port } = wss.address() as { port: number };
  const load = await startClients(`ws://127.0.0.1:${port}/graphql`, clients, [QUERY]);

  // Wall time and this process's CPU time of each send loop: on a shared, loaded machine the wall time also counts
  // waiting for a core, while CPU time per send is what the sends themselves cost.
  const cpuLoops: number[] = [];
  const userLoops: number[] = [];
  const broadcast = () => {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const payload = {
      data: { priceTick: { symbol: "AAPL", price: 200.01, updatedAt: new Date().toISOString(), signal: "HOLD" } },
    };
    const message = JSON.stringify({ id: "1", type: "next", payload });
    if (method === "gateway") {
      // What an execution group does per event: serialize once, hand the shared result to every client.
      const shared = shareResult(payload, performance.now(), () => undefined);
      for (const subscription of subscriptions) subscription.deliver(shared);
    } else if (method === "ws.send") {
      for (const socket of subscribers) socket.send(message);
    } else {
      const frame = Sender.frame(Buffer.from(message), {
        fin: true,
        rsv1: false,
        opcode: 1,
        mask: false,
        readOnly: false,
      });
      for (const socket of subscribers) {
        const raw = (socket as unknown as { _socket: Duplex })._socket;
        raw.cork();
        for (const part of frame) raw.write(part);
        raw.uncork();
      }
    }
    const cpu = process.cpuUsage(cpuStarted);
    cpuLoops.push((cpu.user + cpu.system) / 1000);
    userLoops.push(cpu.user / 1000);
    return performance.now() - started;
  };
  broadcast(); // warm-up, not measured
  cpuLoops.length = 0;
  userLoops.length = 0;
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
  const { latencies, closed } = await load.report();
  await load.close();
  await new Promise((resolve) => wss.close(resolve));
  latencies.sort((a, b) => a - b);
  return {
    method,
    clients,
    delivered: `${latencies.length}/${SECONDS * clients}`,
    lost: SECONDS * clients - latencies.length,
    "closed conns": closed,
    "p50 ms": percentile(latencies, 50),
    "p95 ms": percentile(latencies, 95),
    "p99 ms": percentile(latencies, 99),
    "send loop ms": Math.round((sendLoops.reduce((a, b) => a + b, 0) / sendLoops.length) * 10) / 10,
    "µs/send": Math.round((sendLoops.reduce((a, b) => a + b, 0) / sendLoops.length / clients) * 1000 * 10) / 10,
    "sends/s": Math.round(clients / (sendLoops.reduce((a, b) => a + b, 0) / sendLoops.length / 1000)),
    // CPU per send: all of it (user + kernel), and the user-space part, which is what the sending code controls.
    "CPU µs/send": Math.round((cpuLoops.reduce((a, b) => a + b, 0) / cpuLoops.length / clients) * 1000 * 100) / 100,
    "user µs/send": Math.round((userLoops.reduce((a, b) => a + b, 0) / userLoops.length / clients) * 1000 * 100) / 100,
    "sends per CPU-s": Math.round(clients / (cpuLoops.reduce((a, b) => a + b, 0) / cpuLoops.length / 1000)),
    // User-space share: what framing once saves; the rest is the kernel's writev (and, on loopback, the receiver's TCP work).
    "user CPU %": Math.round(
      (userLoops.reduce((a, b) => a + b, 0) /
        Math.max(
          1e-9,
          cpuLoops.reduce((a, b) => a + b, 0),
        )) *
        100,
    ),
  };
}

const rows = [];
for (const clients of clientsArg.split(",").map(Number)) {
  for (const method of methodsArg.split(",") as Method[]) rows.push(await scenario(clients, method));
}
console.log(
  `\nws floor: one message broadcast per second for ${SECONDS} s by a bare ws server (no GraphQL, no Kafka/Redis)`,
);
console.table(rows);
process.exit(0);
