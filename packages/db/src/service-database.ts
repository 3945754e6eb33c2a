// Opens a service's database: applies platform and service migrations, then binds its Prisma client to its schema.
import { fileURLToPath } from "node:url";
import type { AppConfig } from "@tickergraph/config";
import { loadConfig } from "@tickergraph/config";
import type { DatabaseDriver, SqlClient } from "./driver.js";
import { closeDatabaseDriver, createMemoryDriver, sqlClient } from "./driver.js";
import { applyMigrations } from "./migrations.js";
import type { PrismaAdapterFactory } from "./prisma-adapter.js";
import { prismaAdapter } from "./prisma-adapter.js";
import { platformSchema, serviceSchema } from "./schemas.js";

const PLATFORM_MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));

export interface ServiceDatabase<C> {
  prisma: C;
  sql: SqlClient;
  schema: string;
  platformSchema: string;
  close(): Promise<void>;
}

export interface OpenServiceDatabaseOptions<C> {
  service: string;
  config: AppConfig;
  driver: DatabaseDriver;
  /** The service's `prisma/migrations` folder. */
  migrationsDir: string | URL;
  /**
   * `(adapter, options) => new PrismaClient({ adapter, ...options })` with the service's own generated client;
   * `options` carries the platform's client settings (see PRISMA_CLIENT_OPTIONS).
   */
  createClient(adapter: PrismaAdapterFactory, options: typeof PRISMA_CLIENT_OPTIONS): C;
}

/**
 * Settings every service's Prisma client gets. Prisma waits 2 s by default for a transaction to start, which a
 * burst of writes on a busy machine passes while queued for a pooled connection: it then fails as an internal
 * error. Waiting longer is right: the work is legitimate and the pool bounds it anyway.
 */
export const PRISMA_CLIENT_OPTIONS = { transactionOptions: { maxWait: 15_000, timeout: 30_000 } } as const;

export async function openServiceDatabase<C extends { $disconnect(): Promise<void> }>(
  options: OpenServiceDatabaseOptions<C>,
): Promise<ServiceDatabase<C>> {
  const { service, config, driver } = options;
  const schema = serviceSchema(config.db.schemaPrefix, service);
  const platform = platformSchema(config.db.schemaPrefix, service);
  const sql = sqlClient(driver);
  const migrationsDir =
    options.migrationsDir instanceof URL ? fileURLToPath(options.migrationsDir) : options.migrationsDir;
  await applyMigrations(sql, platform, PLATFORM_MIGRATIONS);
  await applyMigrations(sql, schema, migrationsDir);
  const prisma = options.createClient(prismaAdapter(driver, schema), PRISMA_CLIENT_OPTIONS);
  return {
    prisma,
    sql,
    schema,
    platformSchema: platform,
    // The driver is shared (embedded) or owned by the runtime, so only the client is closed here.
    close: () => prisma.$disconnect(),
  };
}

/**
 * A service's database on its own fresh in-memory PGlite, for tests that need the real schema and SQL without a
 * server. Unlike `openServiceDatabase`, it owns its driver: `close()` closes the client, then the PGlite.
 */
export async function openMemoryServiceDatabase<C extends { $disconnect(): Promise<void> }>(
  options: Omit<OpenServiceDatabaseOptions<C>, "driver" | "config">,
): Promise<ServiceDatabase<C>> {
  const driver = await createMemoryDriver();
  try {
    const db = await openServiceDatabase({ ...options, config: loadConfig({}), driver });
    return {
      ...db,
      close: async () => {
        await db.close();
        await closeDatabaseDriver(driver);
      },
    };
  } catch (error) {
    await closeDatabaseDriver(driver);
    throw error;
  }
}
