// Email/SMS jobs in Postgres: a row per delivery, claimed with FOR UPDATE SKIP LOCKED so any number of workers
// (instances) share the queue without taking the same job; a claim is a lease, so a worker that dies mid-send
// leaves a job that another picks up once the lease runs out. Outcomes are written with their events (outbox).
import { randomUUID } from "node:crypto";
import type { OutboxRelay } from "@tickergraph/events";
import { createEvent, enqueueEvents } from "@tickergraph/events";
import { quoteIdent } from "@tickergraph/db";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Tx } from "../data/tx.js";
import type { DeliveryChannel, DeliveryStatus, DeliveryView } from "../data/views.js";
import type { DeliveryOutcome } from "@tickergraph/events";
import { DELIVERY_DEAD, DELIVERY_SENT } from "@tickergraph/events";
import type { BackoffPolicy } from "./backoff.js";
import { retryDelayMs } from "./backoff.js";

export interface NewDelivery {
  notificationId: string | null;
  userId: string | null;
  channel: DeliveryChannel;
  /** null: an email to a user whose address is not known yet; the job waits for it (see `contactKnown`). */
  recipient: string | null;
  subject: string;
  body: string;
}

export interface QueuePolicy extends BackoffPolicy {
  maxAttempts: number;
  /** How long a claim holds a job; past it the job is claimable again (the worker is presumed dead). */
  leaseMs: number;
}

export type AttemptResult = { status: "SENT" } | { status: "RETRY"; delayMs: number } | { status: "DEAD" };

const COLUMNS = `id, notification_id, user_id, channel, status, recipient, subject, body, attempts, max_attempts, last_error,
  created_at, next_attempt_at, sent_at, dead_at`;

export class DeliveryQueue {
  private readonly table: string;
  private readonly recipients: string;

  constructor(
    private readonly prisma: PrismaClient,
    schema: string,
    private readonly platformSchema: string,
    private readonly relay: OutboxRelay,
    private readonly policy: QueuePolicy,
    private readonly random: () => number = Math.random,
  ) {
    this.table = `${quoteIdent(schema)}."delivery"`;
    this.recipients = `${quoteIdent(schema)}."recipient"`;
  }

  /** Adds jobs with `tx`, so they commit with the notification they belong to. Returns their ids. */
  async enqueueIn(tx: Tx, jobs: readonly NewDelivery[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const rows = jobs.map((job) => ({ id: randomUUID(), ...job, maxAttempts: this.policy.maxAttempts }));
    await tx.delivery.createMany({ data: rows });
    return rows.map((row) => row.id);
  }

  async enqueue(jobs: readonly NewDelivery[]): Promise<string[]> {
    return this.prisma.$transaction((tx) => this.enqueueIn(tx, jobs));
  }

  /** Claims up to `limit` due jobs (PENDING and due, or SENDING with an expired lease) and counts the attempt. */
  async claim(limit: number): Promise<DeliveryView[]> {
    const rows = await this.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `WITH due AS (
         SELECT id FROM ${this.table}
          WHERE (status = 'PENDING' AND next_attempt_at <= now()) OR (status = 'SENDING' AND locked_until < now())
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.table} AS d
          SET status = 'SENDING', attempts = d.attempts + 1, locked_until = now() + $2 * interval '1 millisecond',
              recipient = COALESCE(d.recipient, (SELECT r.email FROM ${this.recipients} r WHERE r.user_id = d.user_id))
         FROM due WHERE d.id = due.id
       RETURNING ${COLUMNS.split(",")
         .map((c) => `d.${c.trim()}`)
         .join(", ")}`,
      limit,
      this.policy.leaseMs,
    );
    return rows.map(deliveryView);
  }

  /**
   * Records the outcome of the attempt `job` was claimed for. Conditional on the claim still being ours (same
   * attempt number, still SENDING), so a worker whose lease ran out cannot overwrite a later attempt's outcome.
   */
  async recordAttempt(job: DeliveryView, error: string | null): Promise<AttemptResult> {
    const result: AttemptResult =
      error === null
        ? { status: "SENT" }
        : job.attempts >= job.maxAttempts
          ? { status: "DEAD" }
          : { status: "RETRY", delayMs: retryDelayMs(this.policy, job.attempts, this.random) };
    await this.prisma.$transaction(async (tx) => {
      const set =
        result.status === "SENT"
          ? `status = 'SENT', sent_at = now(), locked_until = NULL`
          : result.status === "DEAD"
            ? `status = 'DEAD', dead_at = now(), locked_until = NULL, last_error = $3`
            : `status = 'PENDING', next_attempt_at = now() + $4 * interval '1 millisecond', locked_until = NULL, last_error = $3`;
      const params: unknown[] = [job.id, job.attempts];
      if (result.status !== "SENT") params.push(error);
      if (result.status === "RETRY") params.push(result.delayMs);
      const changed = await tx.$executeRawUnsafe(
        `UPDATE ${this.table} SET ${set} WHERE id = $1::uuid AND attempts = $2 AND status = 'SENDING'`,
        ...params,
      );
      if (changed === 1 && result.status !== "RETRY") {
        const outcome: DeliveryOutcome = {
          deliveryId: job.id,
          notificationId: job.notificationId,
          userId: job.userId,
          channel: job.channel,
          attempts: job.attempts,
          lastError: error,
        };
        const type = result.status === "SENT" ? DELIVERY_SENT : DELIVERY_DEAD;
        await enqueueEvents(tx, this.platformSchema, [createEvent(type, outcome)]);
      }
    });
    if (result.status !== "RETRY") this.relay.wake();
    return result;
  }

  /**
   * A user's address became known (user.registered): their emails waiting for it get it and are due now, also
   * those that ran out of attempts waiting (they died for want of an address, not for a failed send). Returns how
   * many. In the caller's transaction, with the `recipient` row it comes from.
   */
  async contactKnown(tx: Tx, userId: string, email: string): Promise<number> {
    return tx.$executeRawUnsafe(
      `UPDATE ${this.table}
          SET recipient = $2, next_attempt_at = now(),
              attempts = CASE WHEN status = 'DEAD' THEN 0 ELSE attempts END, status = 'PENDING', dead_at = NULL
        WHERE user_id = $1::uuid AND channel = 'EMAIL' AND recipient IS NULL AND status IN ('PENDING', 'DEAD')`,
      userId,
      email,
    );
  }

  /** The dead-letter queue, oldest first. */
  async dead(limit: number): Promise<DeliveryView[]> {
    const rows = await this.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE status = 'DEAD' ORDER BY dead_at, id LIMIT $1`,
      limit,
    );
    return rows.map(deliveryView);
  }

  /** Requeues DEAD jobs (the given ids, or all) with fresh attempts; returns how many. Other statuses are left alone. */
  async retryDead(ids: readonly string[] | null): Promise<number> {
    const where = ids === null ? "" : "AND id = ANY($1::uuid[])";
    return this.prisma.$executeRawUnsafe(
      `UPDATE ${this.table} SET status = 'PENDING', attempts = 0, next_attempt_at = now(), dead_at = NULL
        WHERE status = 'DEAD' ${where}`,
      ...(ids === null ? [] : [ids]),
    );
  }

  async byId(id: string): Promise<DeliveryView | null> {
    const rows = await this.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1::uuid`,
      id,
    );
    return rows[0] ? deliveryView(rows[0]) : null;
  }
}

const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

function deliveryView(row: Record<string, unknown>): DeliveryView {
  return {
    id: row.id as string,
    notificationId: (row.notification_id as string | null) ?? null,
    userId: (row.user_id as string | null) ?? null,
    channel: row.channel as DeliveryChannel,
    status: row.status as DeliveryStatus,
    recipient: (row.recipient as string | null) ?? null,
    subject: row.subject as string,
    body: row.body as string,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: iso(row.created_at)!,
    nextAttemptAt: row.status === "PENDING" ? iso(row.next_attempt_at) : null,
    sentAt: iso(row.sent_at),
    deadAt: iso(row.dead_at),
  };
}
