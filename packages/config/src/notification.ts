// Settings of the notification subgraph (delivery, sinks, gRPC), the shared gRPC interface and admin emails:
// their own group of variables, spread into the one env schema in config.ts.
import { z } from "zod";

const ms = (fallback: number) => z.coerce.number().int().min(10).default(fallback);
const list = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

export const notificationEnvShape = {
  /** The internal interface gRPC servers bind to (service-to-service only). */
  GRPC_HOST: z.string().default("127.0.0.1"),
  NOTIFICATION_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(4104),
  ADMIN_EMAILS: list,
  SMTP_URL: z.string().default(""),
  MAIL_FROM: z.string().default("Tickergraph <notifications@tickergraph.local>"),
  SMS_WEBHOOK_URL: z.string().default(""),
  SMS_WEBHOOK_FORMAT: z.enum(["json", "form"]).default("json"),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  DELIVERY_RETRY_BASE_MS: ms(2000),
  DELIVERY_RETRY_MAX_MS: ms(600_000),
  DELIVERY_POLL_MS: ms(500),
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DELIVERY_TIMEOUT_MS: ms(10_000),
  BROADCAST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
};

type NotificationEnv = { [K in keyof typeof notificationEnvShape]: z.infer<(typeof notificationEnvShape)[K]> };

export interface NotificationConfig {
  /** `smtp://user:pass@host:port`; empty: an in-process SMTP sink writing mail under DATA_DIR/mail. */
  smtpUrl: string;
  mailFrom: string;
  /** POSTed `{ to, body }` per SMS; empty: an in-process sink writing messages under DATA_DIR/sms. */
  smsWebhookUrl: string;
  smsWebhookFormat: "json" | "form";
  grpcPort: number;
  delivery: {
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    pollMs: number;
    batchSize: number;
    timeoutMs: number;
  };
  broadcastBatchSize: number;
}

export function notificationConfig(e: NotificationEnv): {
  notification: NotificationConfig;
  grpc: { host: string };
  roles: { adminEmails: string[] };
} {
  return {
    notification: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      smsWebhookUrl: e.SMS_WEBHOOK_URL,
      smsWebhookFormat: e.SMS_WEBHOOK_FORMAT,
      grpcPort: e.NOTIFICATION_GRPC_PORT,
      delivery: {
        maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
        retryBaseMs: e.DELIVERY_RETRY_BASE_MS,
        retryMaxMs: e.DELIVERY_RETRY_MAX_MS,
        pollMs: e.DELIVERY_POLL_MS,
        batchSize: e.DELIVERY_BATCH_SIZE,
        timeoutMs: e.DELIVERY_TIMEOUT_MS,
      },
      broadcastBatchSize: e.BROADCAST_BATCH_SIZE,
    },
    grpc: { host: e.GRPC_HOST },
    roles: { adminEmails: e.ADMIN_EMAILS },
  };
}
