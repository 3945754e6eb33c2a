// Database access for every service: driver, Prisma binding per schema, migrations, platform tables, leases.
export {
  createDatabaseDriver,
  createMemoryDriver,
  closeDatabaseDriver,
  sqlClient,
  type DatabaseDriver,
  type SqlClient,
} from "./driver.js";
export { applyMigrations, readMigrations, type LocalMigration } from "./migrations.js";
export { prismaAdapter, type PrismaAdapterFactory } from "./prisma-adapter.js";
export {
  PRISMA_CLIENT_OPTIONS,
  openMemoryServiceDatabase,
  openServiceDatabase,
  type ServiceDatabase,
  type OpenServiceDatabaseOptions,
} from "./service-database.js";
export { LeaderLease, runAsLeader, type LeaderLoop } from "./lease.js";
export { serviceSchema, platformSchema, quoteIdent } from "./schemas.js";
