// Where email and SMS go when no SMTP_URL / SMS_WEBHOOK_URL is configured (the embedded mode, a laptop): in-process
// catchers that write every message under DATA_DIR (mail/ and sms/), so nothing leaves the machine.
import { join } from "node:path";
import type { AppConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import { startMailSink } from "./mail-sink.js";
import { startSmsSink } from "./sms-sink.js";

export interface DeliveryEndpoints {
  smtpUrl: string;
  smsWebhookUrl: string;
  stop(): Promise<void>;
}

export async function deliveryEndpoints(config: AppConfig, logger: Logger): Promise<DeliveryEndpoints> {
  const stops: Array<() => Promise<void>> = [];
  let { smtpUrl, smsWebhookUrl } = config.notification;
  try {
    if (!smtpUrl) {
      const directory = join(config.db.dataDir, "mail");
      const sink = await startMailSink({ directory });
      stops.push(sink.stop);
      smtpUrl = sink.url;
      logger.info({ directory, smtp: sink.url }, "no SMTP_URL: email goes to the in-process mail sink");
    }
    if (!smsWebhookUrl) {
      const directory = join(config.db.dataDir, "sms");
      const sink = await startSmsSink({ directory });
      stops.push(sink.stop);
      smsWebhookUrl = sink.url;
      logger.info({ directory, webhook: sink.url }, "no SMS_WEBHOOK_URL: SMS goes to the in-process SMS sink");
    }
  } catch (error) {
    for (const stop of stops) await stop();
    throw error;
  }
  return {
    smtpUrl,
    smsWebhookUrl,
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}
