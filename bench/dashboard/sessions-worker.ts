// A load-generator process (forked by run.ts): holds one graphql-ws connection per user token it is given, each with
// the dashboard's subscription set, counting messages per subscription.
// Frames are classified with string scans, not JSON.parse, to keep the generator's own cost small.
import { once } from "node:events";
import WebSocket from "ws";
import type { SessionSubscription } from "./session-set.js";

const [url = "", subscriptionsArg = "[]"] = process.argv.slice(2);
const subscriptions = JSON.parse(subscriptionsArg) as SessionSubscription[];
const received = new Map(subscriptions.map((s) => [s.name, 0]));
let errors = 0;
let closedUnexpectedly = 0;
let stopping = false;
const sockets: WebSocket[] = [];

function connect(token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    sockets.push(socket);
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"type":"error"')) errors++;
      else if (text.includes('"type":"next"')) {
        if (text.includes('"errors"')) errors++;
        for (const [index, subscription] of subscriptions.entries()) {
          if (text.includes(`"id":"${index}"`)) received.set(subscription.name, received.get(subscription.name)! + 1);
        }
      } else if (text.includes('"connection_ack"')) {
        for (const [index, s] of subscriptions.entries()) {
          socket.send(
            JSON.stringify({
              id: String(index),
              type: "subscribe",
              payload: { query: s.query, variables: s.variables },
            }),
          );
        }
        resolve();
      } else if (text.includes('"ping"')) socket.send('{"type":"pong"}');
    });
    socket.on("close", () => {
      if (!stopping) closedUnexpectedly++;
    });
    socket.on("error", reject);
  });
}

// The tokens come over IPC (one per user); then the connections, 100 at a time.
const [{ tokens }] = (await once(process, "message")) as [{ tokens: string[] }];
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
