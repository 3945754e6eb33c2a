// With no SMTP_URL / SMS_WEBHOOK_URL (the embedded mode), email and SMS land as files under DATA_DIR, where the
// README tells developers to look: mail/<time>-<n>.eml + .json, sms/<time>-<n>.json.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import { createLogger } from "@tickergraph/telemetry";
import { emailSender, smsWebhookSender } from "../src/delivery/senders.js";
import type { DeliveryEndpoints } from "../src/sinks/local-sinks.js";
import { deliveryEndpoints } from "../src/sinks/local-sinks.js";

describe("local mail and SMS sinks", () => {
  let dataDir: string;
  let endpoints: DeliveryEndpoints;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tickergraph-sinks-"));
    endpoints = await deliveryEndpoints(loadConfig({ DATA_DIR: dataDir }), createLogger("sinks-test", "silent"));
  });
  afterAll(async () => {
    await endpoints?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps each email as .eml and .json under DATA_DIR/mail", async () => {
    const sender = emailSender({
      smtpUrl: endpoints.smtpUrl,
      from: "Tickergraph <notifications@tickergraph.local>",
      timeoutMs: 5000,
    });
    await sender.send({ recipient: "ada@example.com", subject: "Grüße", body: "Line one\nLine two ✓" });
    sender.close();
    const files = (await readdir(join(dataDir, "mail"))).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/\.eml$/);
    const summary = JSON.parse(await readFile(join(dataDir, "mail", files[1]!), "utf8"));
    expect(summary).toMatchObject({
      from: "notifications@tickergraph.local",
      to: ["ada@example.com"],
      subject: "Grüße",
      text: "Line one\nLine two ✓",
    });
    expect(await readFile(join(dataDir, "mail", files[0]!), "utf8")).toContain("To: ada@example.com");
  });

  it("keeps each SMS as .json under DATA_DIR/sms, from JSON and form posts alike", async () => {
    for (const format of ["json", "form"] as const) {
      await smsWebhookSender({ url: endpoints.smsWebhookUrl, format, timeoutMs: 5000 }).send({
        recipient: "+14155550123",
        subject: "",
        body: `via ${format}`,
      });
    }
    const files = (await readdir(join(dataDir, "sms"))).sort();
    const messages = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(dataDir, "sms", f), "utf8"))),
    );
    expect(messages.map(({ to, body }) => ({ to, body }))).toEqual([
      { to: "+14155550123", body: "via json" },
      { to: "+14155550123", body: "via form" },
    ]);
  });

  it("answers a malformed SMS post with 400, which the sender reports as a failed attempt", async () => {
    const response = await fetch(endpoints.smsWebhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(response.status).toBe(400);
    await expect(
      smsWebhookSender({ url: endpoints.smsWebhookUrl, format: "json", timeoutMs: 5000 }).send({
        recipient: "",
        subject: "",
        body: "",
      }),
    ).rejects.toThrow(/HTTP 400/);
  });
});
