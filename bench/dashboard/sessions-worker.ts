// A load-generator process (forked by run.ts): signs up its share of users over HTTP, then holds one graphql-ws
// connection per user with the dashboard's subscription set, counting messages per subscription.
// Frames are classified with string scans, not JSON.parse, to keep the generator's own cost small.
import WebSocket from "ws";
import type { SessionSubscription } from "./session-set.js";

const [url = "", firstArg = "0", countArg = "0", runId = "", subscriptionsArg = "[]"] = process.argv.slice(2);
const subscriptions = JSON.parse(subscriptionsArg) as SessionSubscription[];
const first = Number(firstArg);
const count = Number(countArg);
const received = new Map(subscriptions.map((s) => [s.name, 0]));
let errors = 0;
let closedUnexpectedly = 0;
let stopping = false;
const sockets: WebSocket[] = [];

async function register(i: number): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "mutation($i: RegisterInput!) { register(input: $i) { token } }",
      variables: { i: { email: `${runId}-${i}@bench.example`, password: "bench password", displayName: `Bench ${i}` } },
    }),
  });
  const body = (await response.json()) as { data?: { register: { token: string } }; errors?: unknown[] };
  if (!body.data) throw new Error(`register failed: ${JSON.stringify(body.errors)}`);
  return body.data.register.token;
}

function connect(token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    sockets.push(socket);
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"type":"error"')) errors++;
      else if (text.includes('"type":"next"')) {
        if (text.includes('"errors"')) errors++;
        for (const [index, subscription] of subscriptions.entries()) {
          if (text.includes(`"id":"${index}"`)) received.set(subscription.name, received.get(subscription.name)! + 1);
        }
      } else if (text.includes('"connection_ack"')) {
        subscriptions.forEach((s, index) =>
          socket.send(JSON.stringify({ id: String(index), type: "subscribe", payload: { query: s.query, variables: s.variables } })),
        );
        resolve();
      } else if (text.includes('"ping"')) socket.send('{"type":"pong"}');
    });
    socket.on("close", () => {
      if (!stopping) closedUnexpectedly++;
    });
    socket.on("error", reject);
  });
}

// Sign-ups in small parallel batches (scrypt on the user subgraph is the cost), then connections.
const tokens: string[] = [];
for (let i = 0; i < count; i += 16) {
  tokens.push(...(await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, j) => register(first + i + j)))));
}
process.send!({ type: "registered" });
for (let i = 0; i < tokens.length; i += 100) await Promise.all(tokens.slice(i, i + 100).map(connect));
process.send!({ type: "connected" });

process.on("disconnect", () => process.exit(0));
process.on("message", (message: { type: string }) => {
  if (message.type === "count") {
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    process.send!({ type: "count", received: Object.fromEntries(received), errors, open, closedUnexpectedly });
  }
  if (message.type === "close") {
    stopping = true;
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
