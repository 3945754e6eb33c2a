// A load-generator process (forked by run.ts): opens its share of graphql-ws clients and records produce→receive latency.
// Messages are read with string scans, not JSON.parse, to keep the generator's own cost small.
import WebSocket from "ws";

const [url = "", clientsArg = "0", query = ""] = process.argv.slice(2);
const clients = Number(clientsArg);
const latencies: number[] = [];
let measuring = false;
let errors = 0;
const sockets: WebSocket[] = [];
const UPDATED_AT = '"updatedAt":"';

function connect(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    sockets.push(socket);
    socket.on("open", () => socket.send('{"type":"connection_init","payload":{}}'));
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"type":"next"')) {
        if (text.includes('"errors"')) errors++;
        if (!measuring) return;
        const at = text.indexOf(UPDATED_AT) + UPDATED_AT.length;
        latencies.push(Date.now() - Date.parse(text.slice(at, at + 24)));
      } else if (text.includes('"connection_ack"')) {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
        resolve();
      } else if (text.includes('"ping"')) socket.send('{"type":"pong"}');
    });
    socket.on("error", reject);
  });
}

for (let i = 0; i < clients; i += 200) await Promise.all(Array.from({ length: Math.min(200, clients - i) }, connect));
process.send!({ type: "connected" });
process.on("disconnect", () => process.exit(0));
process.on("message", (message: { type: string }) => {
  if (message.type === "measure") measuring = true;
  if (message.type === "report") {
    measuring = false;
    process.send!({ type: "report", latencies, errors });
  }
  if (message.type === "close") {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
