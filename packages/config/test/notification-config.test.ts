import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/index.js";

describe("notification settings", () => {
  it("defaults to local sinks, the loopback gRPC interface and no admins", () => {
    const config = loadConfig({});
    expect(config.notification).toMatchObject({
      smtpUrl: "",
      smsWebhookUrl: "",
      smsWebhookFormat: "json",
      grpcPort: 4104,
      broadcastBatchSize: 1000,
    });
    expect(config.notification.delivery).toMatchObject({ maxAttempts: 6, retryBaseMs: 2000, retryMaxMs: 600_000 });
    expect(config.grpc.host).toBe("127.0.0.1");
    expect(config.roles.adminEmails).toEqual([]);
  });

  it("lower-cases and trims ADMIN_EMAILS, and rejects impossible retry settings", () => {
    expect(loadConfig({ ADMIN_EMAILS: " Ops@Example.com,,root@example.com " }).roles.adminEmails).toEqual([
      "ops@example.com",
      "root@example.com",
    ]);
    expect(() => loadConfig({ DELIVERY_MAX_ATTEMPTS: "0" })).toThrow(/DELIVERY_MAX_ATTEMPTS/);
    expect(() => loadConfig({ SMS_WEBHOOK_FORMAT: "xml" })).toThrow(/SMS_WEBHOOK_FORMAT/);
  });
});
