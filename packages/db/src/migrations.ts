// Applies Prisma-format migrations (`<dir>/<name>/migration.sql`) and records them in `_prisma_migrations`
// exactly as `prisma migrate deploy` does, so a team with the Prisma engine can take over with its CLI.
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SqlClient } from "./driver.js";
import { quoteIdent } from "./schemas.js";

export interface LocalMigration {
  name: string;
  script: string;
  /** Prisma's checksum: the SHA-256 of migration.sql, hex. */
  checksum: string;
}

export async function readMigrations(directory: string): Promise<LocalMigration[]> {
  if (!existsSync(directory)) return [];
  const names = (await readdir(directory, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(join(directory, name, "migration.sql"), "utf8");
      return { name, script, checksum: sha256(script) };
    }),
  );
}

// The exact table `prisma migrate` creates.
const MIGRATIONS_TABLE = `(
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Like Prisma, accepts a file whose only change is its line endings (git's autocrlf rewrites them). */
function matchesChecksum(script: string, checksum: string): boolean {
  const lf = script.replaceAll("\r\n", "\n");
  return [script, lf, lf.replaceAll("\n", "\r\n")].some((variant) => sha256(variant) === checksum);
}

/**
 * Applies the migrations of `directory` not yet applied to `schema`, all in one transaction under an advisory
 * lock, so instances starting together neither race nor half-apply. Returns the names it applied.
 */
export async function applyMigrations(sql: SqlClient, schema: string, directory: string): Promise<string[]> {
  const local = await readMigrations(directory);
  const table = `${quoteIdent(schema)}."_prisma_migrations"`;
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`tickergraph-migrate:${schema}`]);
    await tx.exec(
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; CREATE TABLE IF NOT EXISTS ${table} ${MIGRATIONS_TABLE};`,
    );
    const applied = await tx.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedByName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
    const done: string[] = [];
    for (const migration of local) {
      const previous = appliedByName.get(migration.name);
      if (previous !== undefined) {
        if (!matchesChecksum(migration.script, previous)) {
          throw new Error(
            `Migration ${migration.name} in schema ${schema} was modified after it was applied (checksum mismatch); add a new migration instead`,
          );
        }
        continue;
      }
      await tx.exec(`SET LOCAL search_path TO ${quoteIdent(schema)};\n${migration.script}`);
      await tx.query(
        `INSERT INTO ${table} (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      done.push(migration.name);
    }
    return done;
  });
}
