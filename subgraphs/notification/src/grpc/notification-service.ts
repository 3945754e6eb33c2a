// The gRPC NotificationService (notification.proto): SendEmailNotification and SendSMSNotification validate
// their input (INVALID_ARGUMENT otherwise) and enqueue one delivery each through the same queue as every other
// notification. Bound to the internal interface only.
import { BadUserInputError } from "@tickergraph/errors";
import type { RunningGrpcServer } from "@tickergraph/grpc";
import { serviceConstructor, startGrpcServer, unary } from "@tickergraph/grpc";
import type { Logger } from "@tickergraph/telemetry";
import { isE164 } from "../data/preference-rules.js";
import type { DeliveryQueue, NewDelivery } from "../delivery/delivery-queue.js";
import { isUuid } from "@tickergraph/contracts";

export const NOTIFICATION_PROTO = new URL("../../notification.proto", import.meta.url);
export const NOTIFICATION_SERVICE = "tickergraph.notification.v1.NotificationService";

interface EmailRequest {
  to: string;
  subject: string;
  body: string;
  user_id: string;
}
interface SmsRequest {
  to: string;
  body: string;
  user_id: string;
}
interface Queued {
  delivery_id: string;
  status: "PENDING";
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export async function startNotificationGrpc(deps: {
  host: string;
  port: number;
  queue: DeliveryQueue;
  wakeWorker: () => void;
  logger: Logger;
}): Promise<RunningGrpcServer> {
  const enqueue = async (job: NewDelivery): Promise<Queued> => {
    const [id] = await deps.queue.enqueue([job]);
    deps.wakeWorker();
    return { delivery_id: id!, status: "PENDING" };
  };
  const userId = (value: string) => {
    if (value === "") return null;
    if (!isUuid(value)) throw new BadUserInputError("user_id must be a UUID", "user_id");
    return value;
  };
  const text = (value: string, field: string, max: number) => {
    if (value.trim() === "" || value.length > max)
      throw new BadUserInputError(`${field} must be 1 to ${max} characters`, field);
    return value;
  };
  return startGrpcServer({
    host: deps.host,
    port: deps.port,
    logger: deps.logger,
    services: [
      {
        definition: serviceConstructor(NOTIFICATION_PROTO, NOTIFICATION_SERVICE).service,
        implementation: {
          SendEmailNotification: unary<EmailRequest, Queued>(deps.logger, async (request) => {
            if (!EMAIL.test(request.to)) throw new BadUserInputError("to must be an email address", "to");
            return enqueue({
              notificationId: null,
              userId: userId(request.user_id),
              channel: "EMAIL",
              recipient: request.to,
              subject: text(request.subject, "subject", 200),
              body: text(request.body, "body", 10_000),
            });
          }),
          SendSMSNotification: unary<SmsRequest, Queued>(deps.logger, async (request) => {
            if (!isE164(request.to))
              throw new BadUserInputError("to must be an E.164 phone number, e.g. +14155550123", "to");
            const body = text(request.body, "body", 1600);
            return enqueue({
              notificationId: null,
              userId: userId(request.user_id),
              channel: "SMS",
              recipient: request.to,
              subject: "",
              body,
            });
          }),
        },
      },
    ],
  });
}
