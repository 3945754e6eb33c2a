// Users and snapshots in Postgres. Writes that carry an event enqueue it in the outbox in the same transaction.
import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { BadUserInputError } from "@tickergraph/errors";
import type { OutboxRelay } from "@tickergraph/events";
import { createEvent, enqueueEvents } from "@tickergraph/events";
import type { PrismaClient, User } from "../../generated/prisma/client.js";
import type { Snapshot, UserRegistered } from "@tickergraph/events";
import { SNAPSHOT_SAVED, USER_REGISTERED } from "@tickergraph/events";
import type { SnapshotView } from "./views.js";

export class UserStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly platformSchema: string,
    private readonly relay: OutboxRelay,
  ) {}

  /** Inserts the user and its `user.registered` event atomically; a taken email is BAD_USER_INPUT. */
  async register(input: {
    email: string;
    passwordHash: string;
    displayName: string;
    shareValue: number;
  }): Promise<User> {
    const id = randomUUID();
    try {
      const user = await this.prisma.$transaction(async (tx) => {
        const created = await tx.user.create({ data: { id, ...input } });
        const payload: UserRegistered = {
          userId: created.id,
          email: created.email,
          displayName: created.displayName,
          shareValue: created.shareValue,
          createdAt: created.createdAt.toISOString(),
        };
        await enqueueEvents(tx, this.platformSchema, [createEvent(USER_REGISTERED, payload)]);
        return created;
      });
      this.relay.wake();
      return user;
    } catch (error) {
      if (isUniqueViolation(error)) throw new BadUserInputError("Email is already registered", "input.email");
      throw error;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  /** The UserDirectory's answer: is there (still) a user with this id? */
  async exists(id: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id } })) > 0;
  }

  /** One query for every id asked for in the same tick (entity references, `user` fields). */
  createLoader(): DataLoader<string, User | null> {
    return new DataLoader(async (ids) => {
      const rows = await this.prisma.user.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  async snapshotsOf(userId: string, limit: number): Promise<SnapshotView[]> {
    return this.prisma.snapshot.findMany({ where: { userId }, orderBy: { takenAt: "desc" }, take: limit });
  }

  /**
   * Stores a requested snapshot and its `user.snapshot.saved` event with `tx`. The snapshot id is the primary
   * key, so a second delivery of the same request cannot store a second row.
   */
  async storeSnapshot(
    tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0],
    snapshot: Snapshot,
  ): Promise<void> {
    const inserted = await tx.snapshot.createMany({
      data: [
        {
          id: snapshot.snapshotId,
          userId: snapshot.userId,
          value: snapshot.value,
          takenAt: new Date(snapshot.takenAt),
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 1) {
      await enqueueEvents(tx, this.platformSchema, [createEvent(SNAPSHOT_SAVED, snapshot)]);
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return e?.code === "P2002" || e?.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
