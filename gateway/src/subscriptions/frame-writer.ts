// Fan-out at the wire's speed: a group's result becomes WebSocket frame bytes ONCE, and each client's socket gets
// the same buffers written inside cork()/uncork() — no per-client JSON, UTF-8 encoding or copy. A graphql-ws `next`
// message carries the client's subscription id, so a frame is three buffers: the frame header (shared by every
// id of the same length), the client's `{"id":…,"type":"next","payload":` prefix (encoded once per subscription)
// and the shared `<result>}` body.
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { PushSubscription } from "./client-sink.js";
import type { SharedResult } from "./shared-result.js";

/** The bytes of a result on the wire, built on first use and shared by every client of the group. */
interface WireForm {
  body: Buffer;
  /** Frame header by prefix length (every client whose id has that length shares it). */
  headers: Map<number, Buffer>;
}

const wireForms = new WeakMap<SharedResult, WireForm>();

/** The part of a `next` frame before the payload, for one subscription id; encode it once per subscription. */
export function nextFramePrefix(id: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
}

/**
 * One graphql-ws subscription `id` on `socket`, fed by its execution group: each result goes out as a `next` frame
 * (see writeNextFrame); once the socket's send buffer holds more than `maxBufferedBytes`, `onFull` is called (the
 * transport closes the client as too slow). The fan-out loop calls this once per client per event.
 */
export function socketSubscription(
  socket: WebSocket,
  id: string,
  maxBufferedBytes: number,
  onFull: (socket: WebSocket) => void,
): PushSubscription {
  const prefix = nextFramePrefix(id);
  return new PushSubscription((shared) => {
    if (socket.readyState !== socket.OPEN) return;
    writeNextFrame(socket, prefix, shared);
    if (socket.bufferedAmount > maxBufferedBytes) onFull(socket);
  });
}

/** Writes `{"id":…,"type":"next","payload":<shared result>}` to `socket` as one text frame. */
export function writeNextFrame(socket: WebSocket, prefix: Buffer, shared: SharedResult): void {
  let wire = wireForms.get(shared);
  if (!wire) {
    wire = { body: Buffer.from(`${shared.json}}`), headers: new Map() };
    wireForms.set(shared, wire);
  }
  let header = wire.headers.get(prefix.length);
  if (!header) {
    header = textFrameHeader(prefix.length + wire.body.length);
    wire.headers.set(prefix.length, header);
  }
  const raw = rawSocket(socket);
  if (!raw) {
    // Compression negotiated (ws must frame and deflate itself) or no raw socket: the ordinary path.
    socket.send(Buffer.concat([prefix, wire.body]), { binary: false });
    return;
  }
  raw.cork();
  raw.write(header);
  raw.write(prefix);
  raw.write(wire.body);
  raw.uncork();
}

/** RFC 6455 §5.2 header of a final, unmasked (server → client) text frame of `length` payload bytes. */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) {
    const header = Buffer.allocUnsafe(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  header.writeUInt32BE(length >>> 0, 6);
  return header;
}

/**
 * The TCP socket under a ws WebSocket, when writing to it directly is safe: without permessage-deflate, ws sends
 * every frame synchronously (its Sender queues only while compressing), so bytes written here keep their order
 * with ws's own pings, closes and messages — and `bufferedAmount` still counts them (it reads the socket's buffer).
 */
function rawSocket(socket: WebSocket): Duplex | undefined {
  if (socket.extensions !== "") return undefined;
  const raw = (socket as unknown as { _socket?: Duplex })._socket;
  return raw?.writable ? raw : undefined;
}
