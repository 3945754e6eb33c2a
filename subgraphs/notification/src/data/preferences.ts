// Stored channel preferences (see preference-rules.ts for the rules themselves).
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { PreferencesUpdate, StoredPreferences } from "./preference-rules.js";
import { applyUpdate, preferencesView } from "./preference-rules.js";
import type { Tx } from "./tx.js";
import type { PreferencesView } from "./views.js";

type Reader = Pick<Tx, "notificationPreference">;

export async function storedPreferences(db: Reader, userId: string): Promise<StoredPreferences | null> {
  const row = await db.notificationPreference.findUnique({ where: { userId } });
  return row ? { phoneNumber: row.phoneNumber, channels: row.channels as StoredPreferences["channels"] } : null;
}

/** Many users at once (broadcast batches). */
export async function storedPreferencesOf(
  db: Reader,
  userIds: readonly string[],
): Promise<Map<string, StoredPreferences>> {
  const rows = await db.notificationPreference.findMany({ where: { userId: { in: [...userIds] } } });
  return new Map(
    rows.map((row) => [
      row.userId,
      { phoneNumber: row.phoneNumber, channels: row.channels as StoredPreferences["channels"] },
    ]),
  );
}

export class Preferences {
  constructor(private readonly prisma: PrismaClient) {}

  async of(userId: string): Promise<PreferencesView> {
    return preferencesView(await storedPreferences(this.prisma, userId));
  }

  /** Read-modify-write in one transaction, the row locked, so two concurrent updates do not lose each other's kinds. */
  async update(userId: string, update: PreferencesUpdate): Promise<PreferencesView> {
    const next = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", `notification-preferences:${userId}`);
      const updated = applyUpdate(await storedPreferences(tx, userId), update);
      const data = { phoneNumber: updated.phoneNumber, channels: updated.channels, updatedAt: new Date() };
      await tx.notificationPreference.upsert({ where: { userId }, create: { userId, ...data }, update: data });
      return updated;
    });
    return preferencesView(next);
  }
}
