// The process's database connection: a pg Pool (distributed) or one PGlite instance (embedded), plus a tiny
// raw-SQL surface over either, used for migrations and the platform tables.
import { rm, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Transaction as PGliteTransaction } from "@electric-sql/pglite";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { AppConfig } from "@tickergraph/config";

export type DatabaseDriver = { kind: "postgres"; pool: pg.Pool } | { kind: "pglite"; pglite: PGlite };

export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a multi-statement script (no parameters). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction. PGlite is a single connection whose transaction() holds an exclusive lock:
   * inside `fn`, every statement must go through the `sql` handed to it, or it waits forever.
   */
  transaction<T>(fn: (sql: SqlClient) => Promise<T>): Promise<T>;
}

export async function createDatabaseDriver(config: AppConfig): Promise<DatabaseDriver> {
  if (config.mode === "distributed") {
    const pool = new pg.Pool({ connectionString: config.db.url, max: 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", () => undefined);
    return { kind: "postgres", pool };
  }
  const dataDir = join(config.db.dataDir, "pglite");
  if (config.db.resetData) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  return { kind: "pglite", pglite: await PGlite.create({ dataDir }) };
}

/** An in-memory PGlite driver, for tests that need real SQL without a server. */
export async function createMemoryDriver(): Promise<DatabaseDriver> {
  return { kind: "pglite", pglite: await PGlite.create() };
}

export async function closeDatabaseDriver(driver: DatabaseDriver): Promise<void> {
  if (driver.kind === "postgres") await driver.pool.end();
  else await driver.pglite.close();
}

export function sqlClient(driver: DatabaseDriver): SqlClient {
  return driver.kind === "postgres" ? poolClient(driver.pool) : pgliteClient(driver.pglite);
}

function poolClient(pool: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async query<R>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as R[];
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(fn) {
      if (!(pool instanceof pg.Pool)) throw new Error("nested transactions are not supported");
      const connection = await pool.connect();
      try {
        await connection.query("BEGIN");
        const result = await fn(poolClient(connection));
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        await connection.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
  };
}

function pgliteClient(db: PGlite | PGliteTransaction): SqlClient {
  return {
    async query<R>(text: string, params?: unknown[]) {
      return (await db.query<R>(text, params)).rows;
    },
    async exec(script) {
      await db.exec(script);
    },
    async transaction(fn) {
      if (!(db instanceof PGlite)) throw new Error("nested transactions are not supported");
      return db.transaction((tx) => fn(pgliteClient(tx)));
    },
  };
}
