// The two ways a delivery leaves: email over SMTP (nodemailer) and SMS through an HTTP provider webhook.
// Each send either resolves (the server/provider accepted it) or throws (the attempt failed).
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import type { DeliveryChannel } from "../data/views.js";

export interface OutgoingMessage {
  recipient: string;
  subject: string;
  body: string;
}

export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export type Senders = Record<DeliveryChannel, Sender>;

export function emailSender(options: { smtpUrl: string; from: string; timeoutMs: number }): Sender {
  const transport: Transporter = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send({ recipient, subject, body }) {
      await transport.sendMail({ from: options.from, to: recipient, subject, text: body });
    },
    close: () => transport.close(),
  };
}

/**
 * One POST per message, `{ to, body }` as JSON or as a form, like common SMS gateways; any 2xx is accepted,
 * anything else (or no answer within the deadline) fails the attempt.
 */
export function smsWebhookSender(options: { url: string; format: "json" | "form"; timeoutMs: number }): Sender {
  return {
    async send({ recipient, body }) {
      const fields = { to: recipient, body };
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": options.format === "json" ? "application/json" : "application/x-www-form-urlencoded",
        },
        body: options.format === "json" ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      // Read the body either way, so the connection can be reused.
      const text = await response.text();
      if (!response.ok) throw new Error(`SMS provider answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    },
    close: () => undefined,
  };
}
