import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import { withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import { PrismaClient } from "../generated/fixture-client/client.js";
import type { DatabaseDriver } from "../src/index.js";
import {
  applyMigrations,
  closeDatabaseDriver,
  LeaderLease,
  openServiceDatabase,
  runAsLeader,
  sqlClient,
} from "../src/index.js";

const FIXTURE_MIGRATIONS = new URL("./fixture/migrations", import.meta.url);

/** The same behaviour is asserted on PGlite (unit) and on a real Postgres server (integration). */
export function databaseSuite(label: string, makeDriver: () => Promise<DatabaseDriver>, prefix: string) {
  describe(label, () => {
    let driver: DatabaseDriver;
    // The driver and every schema named with the prefix live for the block; what a test opens (a service
    // database, leader loops) is released after that test, failed or not.
    const shared = useLeftovers({ scope: "all" });
    const leftovers = useLeftovers();
    beforeAll(async () => {
      driver = await makeDriver();
      shared.defer("the database driver", () => closeDatabaseDriver(driver));
      shared.defer("the test schemas", async () => {
        const sql = sqlClient(driver);
        const schemas = await sql.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
          `${prefix}%`,
        ]);
        for (const { nspname } of schemas) await sql.exec(`DROP SCHEMA "${nspname}" CASCADE`);
      });
    });
    /** The fixture service's database, with its schemas named `<prefix><schemaPrefix><service>`. */
    const openFixture = async (schemaPrefix: string, service: string) =>
      leftovers.add(
        await openServiceDatabase({
          service,
          config: loadConfig({ DB_SCHEMA_PREFIX: `${prefix}${schemaPrefix}` }),
          driver,
          migrationsDir: FIXTURE_MIGRATIONS,
          createClient: (adapter) => new PrismaClient({ adapter }),
        }),
      );

    it("applies each migration once and records it the way prisma migrate deploy does", async () => {
      const sql = sqlClient(driver);
      const dir = FIXTURE_MIGRATIONS.pathname;
      expect(await applyMigrations(sql, `${prefix}m1`, dir)).toEqual(["20260101000000_init"]);
      expect(await applyMigrations(sql, `${prefix}m1`, dir)).toEqual([]);
      const rows = await sql.query<{
        migration_name: string;
        checksum: string;
        applied_steps_count: number;
        finished_at: Date | null;
      }>(`SELECT migration_name, checksum, applied_steps_count, finished_at FROM "${prefix}m1"."_prisma_migrations"`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ migration_name: "20260101000000_init", applied_steps_count: 1 });
      // Prisma's checksum: SHA-256 of the file's bytes, hex.
      const script = await readFile(
        new URL("20260101000000_init/migration.sql", `${FIXTURE_MIGRATIONS.href}/`),
        "utf8",
      );
      expect(rows[0]!.checksum).toBe(createHash("sha256").update(script).digest("hex"));
      expect(rows[0]!.finished_at).not.toBeNull();
    });

    it("applies once when two instances migrate the same schema at the same moment", async () => {
      const sql = sqlClient(driver);
      const dir = FIXTURE_MIGRATIONS.pathname;
      const results = await Promise.all([
        applyMigrations(sql, `${prefix}race`, dir),
        applyMigrations(sql, `${prefix}race`, dir),
      ]);
      expect(results.flat()).toEqual(["20260101000000_init"]);
      const rows = await sql.query(`SELECT migration_name FROM "${prefix}race"."_prisma_migrations"`);
      expect(rows).toHaveLength(1);
    });

    it("accepts an applied migration whose only change is its line endings, as Prisma does", async () => {
      const dir = await mkdtemp(join(tmpdir(), "tg-mig-"));
      await mkdir(join(dir, "001_a"));
      await writeFile(join(dir, "001_a", "migration.sql"), 'CREATE TABLE "a" (id int);\nCREATE TABLE "b" (id int);\n');
      const sql = sqlClient(driver);
      await applyMigrations(sql, `${prefix}crlf`, dir);
      await writeFile(
        join(dir, "001_a", "migration.sql"),
        'CREATE TABLE "a" (id int);\r\nCREATE TABLE "b" (id int);\r\n',
      );
      expect(await applyMigrations(sql, `${prefix}crlf`, dir)).toEqual([]);
    });

    it("refuses a migration edited after it was applied", async () => {
      const dir = await mkdtemp(join(tmpdir(), "tg-mig-"));
      await mkdir(join(dir, "001_a"));
      await writeFile(join(dir, "001_a", "migration.sql"), 'CREATE TABLE "a" (id int);');
      const sql = sqlClient(driver);
      await applyMigrations(sql, `${prefix}m2`, dir);
      await writeFile(join(dir, "001_a", "migration.sql"), 'CREATE TABLE "a" (id bigint);');
      await expect(applyMigrations(sql, `${prefix}m2`, dir)).rejects.toThrow(/modified after it was applied/);
    });

    it("rolls a failing migration back entirely", async () => {
      const dir = await mkdtemp(join(tmpdir(), "tg-mig-"));
      await mkdir(join(dir, "001_ok"));
      await mkdir(join(dir, "002_bad"));
      await writeFile(join(dir, "001_ok", "migration.sql"), 'CREATE TABLE "ok" (id int);');
      await writeFile(join(dir, "002_bad", "migration.sql"), "CREATE TABLE nonsense (;");
      const sql = sqlClient(driver);
      await expect(applyMigrations(sql, `${prefix}m3`, dir)).rejects.toThrow();
      const tables = await sql.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1`, [
        `${prefix}m3`,
      ]);
      expect(tables).toEqual([]);
    });

    it("binds the Prisma client to the service schema", async () => {
      const db = await openFixture("pf_", "notes");
      await db.prisma.note.create({ data: { text: "hello" } });
      const rows = await db.sql.query<{ text: string }>(`SELECT text FROM "${prefix}pf_notes"."note"`);
      expect(rows).toEqual([{ text: "hello" }]);
      expect(db.platformSchema).toBe(`${prefix}pf_notes_platform`);
      const outbox = await db.sql.query(`SELECT count(*)::int AS n FROM "${prefix}pf_notes_platform"."outbox_event"`);
      expect(outbox).toEqual([{ n: 0 }]);
    });

    it("gives the lease to one holder until it expires", async () => {
      const db = await openFixture("lease_", "x");
      const a = new LeaderLease(db.sql, db.platformSchema, "ticker", 200, "a");
      const b = new LeaderLease(db.sql, db.platformSchema, "ticker", 200, "b");
      expect(await a.tryAcquire()).toBe(true);
      expect(await b.tryAcquire()).toBe(false);
      expect(await a.tryAcquire()).toBe(true);
      await db.sql.query(`UPDATE "${prefix}lease_x_platform"."lease" SET expires_at = now() - interval '1 second'`);
      expect(await b.tryAcquire()).toBe(true);
      expect(await a.tryAcquire()).toBe(false);
      await b.release();
      expect(await a.tryAcquire()).toBe(true);

      const racers = Array.from(
        { length: 5 },
        (_, i) => new LeaderLease(db.sql, db.platformSchema, "race", 60_000, `r${i}`),
      );
      const won = await Promise.all(racers.map((lease) => lease.tryAcquire()));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it("runs the leader task on one instance only, never overlapping, and hands over when the leader stops", async () => {
      const db = await openFixture("loop_", "x");
      const runs = { a: 0, b: 0 };
      let active = 0;
      let maxActive = 0;
      let reached!: () => void;
      let target = 5;
      let progress = new Promise<void>((resolve) => (reached = resolve));
      const task = (name: "a" | "b") => async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        // Slower than the interval: the next run must wait for this one.
        await new Promise((resolve) => setTimeout(resolve, 30));
        active--;
        runs[name]++;
        if (runs.a + runs.b >= target) reached();
      };
      const errors: unknown[] = [];
      const loop = (name: "a" | "b") =>
        leftovers.add(
          runAsLeader({
            lease: new LeaderLease(db.sql, db.platformSchema, "ticker", 60_000, name),
            intervalMs: 5,
            task: task(name),
            onError: (error) => errors.push(error),
          }),
          `leader loop ${name}`,
        );
      const a = loop("a");
      await withTimeout(progress, 5000, "the first leader's runs");
      const b = loop("b");
      target = runs.a + 5;
      progress = new Promise<void>((resolve) => (reached = resolve));
      await withTimeout(progress, 5000, "more runs with two candidates");
      expect(runs.b).toBe(0);
      await a.stop();
      const before = runs.a;
      target = before + 3;
      progress = new Promise<void>((resolve) => (reached = resolve));
      await withTimeout(progress, 5000, "the second instance taking over");
      await b.stop();
      expect(runs.a).toBe(before);
      expect(runs.b).toBeGreaterThanOrEqual(3);
      expect(maxActive).toBe(1);
      expect(errors).toEqual([]);
    });
  });
}
