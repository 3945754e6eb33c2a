// Consumers are idempotent by event id: the id is recorded in the same transaction as the handler's writes,
// so a redelivered event finds it and does nothing.
import { quoteIdent } from "@tickergraph/db";
import type { RawExecutor } from "./outbox.js";

interface TransactionalClient<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
}

/** Runs `fn(tx)` unless `consumer` already handled `eventId`; returns whether it ran. */
export async function handleOnce<Tx extends RawExecutor>(
  prisma: TransactionalClient<Tx>,
  platformSchema: string,
  consumer: string,
  eventId: string,
  fn: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO ${quoteIdent(platformSchema)}."processed_event" (consumer, event_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING`,
      consumer,
      eventId,
    );
    if (inserted === 0) return false;
    await fn(tx);
    return true;
  });
}
