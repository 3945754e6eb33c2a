// Frames written once per result and shared by every socket must be exactly what ws itself would send.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import * as ws from "ws";
import WebSocket, { WebSocketServer } from "ws";
import { nextFramePrefix, textFrameHeader, writeNextFrame } from "../src/subscriptions/frame-writer.js";
import type { SharedResult } from "../src/subscriptions/shared-result.js";

/** ws's own framer (exported by its ESM entry, not in its type definitions). */
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] } };

describe("frame writer", () => {
  it("builds the same text-frame header as ws's Sender.frame at every length boundary", () => {
    for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]) {
      const [header] = Sender.frame(Buffer.alloc(length), {
        fin: true,
        rsv1: false,
        opcode: 1,
        mask: false,
        readOnly: false,
      });
      expect(textFrameHeader(length).equals(header!)).toBe(true);
    }
  });

  it("delivers the shared result to several clients, with each one's id, multi-byte text and large payloads intact", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    try {
      const accepted: WebSocket[] = [];
      server.on("connection", (socket) => accepted.push(socket));
      const clients = await Promise.all(
        [0, 1, 2].map(async () => {
          const client = new WebSocket(`ws://127.0.0.1:${port}`);
          await once(client, "open");
          return client;
        }),
      );
      await new Promise<void>((resolve) => {
        const check = () => (accepted.length === 3 ? resolve() : setTimeout(check, 5));
        check();
      });
      const result = { data: { note: "é € 😀 ".repeat(20_000), n: 1 } };
      const shared: SharedResult = { result, json: JSON.stringify(result), receivedAt: 0 };
      const ids = ["1", "a-much-longer-subscription-id", "ü"];
      const received = clients.map((client) => once(client, "message").then(([data]) => JSON.parse(String(data))));
      accepted.forEach((socket, i) => {
        writeNextFrame(socket, nextFramePrefix(ids[i]!), shared);
      });
      const messages = await Promise.all(received);
      // Which accepted socket is which client is not ordered; the set of ids and every payload must match.
      expect(messages.map((m) => m.id).sort()).toEqual([...ids].sort());
      for (const message of messages) expect(message).toEqual({ id: message.id, type: "next", payload: result });
      for (const client of clients) client.terminate();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
