// `npm run db:migrate`: applies every service's platform and Prisma migrations to the configured database
// (distributed: DATABASE_URL; embedded: PGlite under DATA_DIR). Services also do this at start; this is for
// deploy pipelines and the compose `migrate` job.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@tickergraph/config";
import {
  applyMigrations,
  closeDatabaseDriver,
  createDatabaseDriver,
  platformSchema,
  serviceSchema,
  sqlClient,
} from "@tickergraph/db";

const config = loadConfig();
const driver = await createDatabaseDriver(config);
const sql = sqlClient(driver);
const platformMigrations = fileURLToPath(new URL("../packages/db/migrations", import.meta.url));
try {
  for (const service of readdirSync("subgraphs")) {
    const migrations = `subgraphs/${service}/prisma/migrations`;
    if (!existsSync(migrations)) continue;
    const platform = await applyMigrations(sql, platformSchema(config.db.schemaPrefix, service), platformMigrations);
    const own = await applyMigrations(sql, serviceSchema(config.db.schemaPrefix, service), migrations);
    console.log(
      `${service}: ${platform.length + own.length} migration(s) applied${own.length ? ` (${own.join(", ")})` : ""}`,
    );
  }
} finally {
  await closeDatabaseDriver(driver);
}
