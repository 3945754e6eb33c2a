// An SMTP server in-process (smtp-server) that accepts every message and keeps it readable: the raw `.eml` and a
// `.json` summary (from, to, subject, text) per message in one folder. The embedded mode's mail catcher, and the
// SMTP server the tests send to.
import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { AddressObject } from "mailparser";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
  /** The file names under the sink's folder (.eml and .json), when it writes files. */
  file: string | null;
}

export interface MailSink {
  /** `smtp://127.0.0.1:<port>` for nodemailer. */
  url: string;
  messages: CaughtMail[];
  stop(): Promise<void>;
}

export async function startMailSink(
  options: { directory?: string; host?: string; onMail?: (mail: CaughtMail) => void } = {},
): Promise<MailSink> {
  const messages: CaughtMail[] = [];
  let sequence = 0;
  if (options.directory) await mkdir(options.directory, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only, no certificate to offer: plain SMTP, as mail catchers do.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        void keep(
          raw,
          session.envelope.rcptTo.map((r) => r.address),
        ).then(() => callback(), callback);
      });
    },
  });
  const keep = async (raw: Buffer, envelopeTo: string[]) => {
    const parsed = await simpleParser(raw);
    const receivedAt = new Date().toISOString();
    const name = options.directory
      ? `${receivedAt.replace(/[:.]/g, "-")}-${String(++sequence).padStart(4, "0")}`
      : null;
    const mail: CaughtMail = {
      from: addresses(parsed.from)[0] ?? "",
      to: envelopeTo.length > 0 ? envelopeTo : addresses(parsed.to),
      subject: parsed.subject ?? "",
      text: (parsed.text ?? "").trimEnd(),
      receivedAt,
      file: name,
    };
    if (options.directory && name) {
      await writeFile(join(options.directory, `${name}.eml`), raw);
      await writeFile(join(options.directory, `${name}.json`), `${JSON.stringify(mail, null, 2)}\n`);
    }
    messages.push(mail);
    options.onMail?.(mail);
  };
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${host}:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? "")).filter(Boolean);
}
