// A local SMS "provider": an HTTP endpoint that accepts the webhook's POST (JSON or form) and writes each message
// to a `.json` file in one folder. The embedded mode's SMS catcher.
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface CaughtSms {
  to: string;
  body: string;
  receivedAt: string;
}

export interface SmsSink {
  url: string;
  messages: CaughtSms[];
  stop(): Promise<void>;
}

export async function startSmsSink(options: { directory: string; host?: string }): Promise<SmsSink> {
  await mkdir(options.directory, { recursive: true });
  const messages: CaughtSms[] = [];
  let sequence = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const fields = parseBody(text, req.headers["content-type"] ?? "");
      if (req.method !== "POST" || !fields?.to || !fields.body) {
        res.writeHead(400).end("expected POST with to and body");
        return;
      }
      const sms: CaughtSms = { to: fields.to, body: fields.body, receivedAt: new Date().toISOString() };
      const name = `${sms.receivedAt.replace(/[:.]/g, "-")}-${String(++sequence).padStart(4, "0")}.json`;
      writeFile(join(options.directory, name), `${JSON.stringify(sms, null, 2)}\n`).then(
        () => {
          messages.push(sms);
          res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ accepted: true }));
        },
        () => res.writeHead(500).end("could not store the message"),
      );
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/sms`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseBody(text: string, contentType: string): { to?: string; body?: string } | null {
  try {
    if (contentType.includes("application/json")) return JSON.parse(text) as { to?: string; body?: string };
    const form = new URLSearchParams(text);
    return { to: form.get("to") ?? undefined, body: form.get("body") ?? undefined };
  } catch {
    return null;
  }
}
