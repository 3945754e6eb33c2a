// A broadcast survives a crash: a child process runs it on real Postgres and is killed (SIGKILL) inside a batch's
// transaction; the next start resumes from the cursor. Every user gets exactly one notification, one event and
// the deliveries their preferences ask for: no duplicates, no gaps.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseDriver, ServiceDatabase } from "@tickergraph/db";
import { closeDatabaseDriver, createDatabaseDriver, openServiceDatabase, quoteIdent } from "@tickergraph/db";
import { createLogger } from "@tickergraph/telemetry";
import { requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { PrismaClient } from "../generated/prisma/client.js";
import { Broadcaster } from "../src/broadcast/broadcaster.js";

const USERS = 230;
const BATCH = 20;
const CRASH_IN_BATCH = 3;
const CHILD = fileURLToPath(new URL("./fixtures/broadcast-until-killed.ts", import.meta.url));
const available = await requireInfra(["postgres"]);

describe.runIf(available)("resumable broadcast", () => {
  const config = testConfig(uniqueRunId("bcast"));
  let driver: DatabaseDriver;
  let db: ServiceDatabase<PrismaClient>;
  let admin: pg.Client;
  const table = (name: string) => `${quoteIdent(db.schema)}.${quoteIdent(name)}`;
  const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    driver = await createDatabaseDriver(config);
    db = await openServiceDatabase({
      service: "notification",
      config,
      driver,
      migrationsDir: new URL("../prisma/migrations", import.meta.url),
      createClient: (adapter, options) => new PrismaClient({ adapter, ...options }),
    });
    admin = new pg.Client({ connectionString: config.db.url });
    await admin.connect();
    await admin.query(
      `INSERT INTO ${table("recipient")} (user_id, email, display_name)
       SELECT gen_random_uuid(), 'user' || i || '@example.com', 'User ' || i FROM generate_series(1, $1) AS i`,
      [USERS],
    );
    // Every tenth user also wants promotions by email; one of them by SMS too.
    await admin.query(
      `INSERT INTO ${table("notification_preference")} (user_id, phone_number, channels)
       SELECT user_id, CASE WHEN n = 1 THEN '+14155550123' END,
              CASE WHEN n = 1 THEN '{"PROMOTION": ["IN_APP", "EMAIL", "SMS"]}' ELSE '{"PROMOTION": ["IN_APP", "EMAIL"]}' END::jsonb
         FROM (SELECT user_id, row_number() OVER (ORDER BY user_id) AS n FROM ${table("recipient")}) r
        WHERE n % 10 = 1`,
    );
  });
  afterAll(async () => {
    await db?.close();
    if (driver) await closeDatabaseDriver(driver);
    if (admin) {
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(db.schema)} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(db.platformSchema)} CASCADE`);
      await admin.end();
    }
  });

  it("killed inside a batch, resumes from its cursor: each user exactly once, nobody skipped", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: {
        ...process.env,
        DATABASE_URL: config.db.url,
        SCHEMA: db.schema,
        PLATFORM_SCHEMA: db.platformSchema,
        BATCH_SIZE: String(BATCH),
        CRASH_IN_BATCH: String(CRASH_IN_BATCH),
      },
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    const said = await new Promise<unknown>((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", () => reject(new Error("the broadcast child exited before its crash batch")));
    });
    expect(said).toBe("inside the crash batch");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // The batch in flight rolled back whole; the two before it are there, and the cursor says so.
    const committed = (CRASH_IN_BATCH - 1) * BATCH;
    const [broadcast] = (
      await admin.query<{ recipients: number; finished: boolean }>(
        `SELECT recipients, finished_at IS NOT NULL AS finished FROM ${table("broadcast")}`,
      )
    ).rows;
    expect(broadcast).toEqual({ recipients: committed, finished: false });
    expect(await count(`SELECT count(*) AS n FROM ${table("notification")}`)).toBe(committed);

    // The next start.
    const resumed = new Broadcaster({
      sql: db.sql,
      schema: db.schema,
      platformSchema: db.platformSchema,
      batchSize: BATCH,
      maxAttempts: 3,
      committed: () => undefined,
      logger: createLogger("test", "silent"),
    });
    expect(await resumed.resumeUnfinished()).toBe(1);

    expect(await count(`SELECT count(*) AS n FROM ${table("notification")}`)).toBe(USERS);
    expect(await count(`SELECT count(DISTINCT user_id) AS n FROM ${table("notification")}`)).toBe(USERS);
    expect(
      await count(
        `SELECT count(*) AS n FROM ${table("recipient")} r
          WHERE NOT EXISTS (SELECT 1 FROM ${table("notification")} x WHERE x.user_id = r.user_id)`,
      ),
    ).toBe(0);
    const events = await admin.query<{ n: string; distinct_notifications: string; kind: string }>(
      `SELECT count(*) AS n, count(DISTINCT envelope->'payload'->>'id') AS distinct_notifications,
              min(envelope->'payload'->>'kind') AS kind
         FROM ${quoteIdent(db.platformSchema)}."outbox_event" WHERE type = 'notification.created'`,
    );
    expect(events.rows[0]).toEqual({ n: String(USERS), distinct_notifications: String(USERS), kind: "PROMOTION" });
    const emails = USERS / 10;
    expect(await count(`SELECT count(*) AS n FROM ${table("delivery")} WHERE channel = 'EMAIL'`)).toBe(emails);
    expect(await count(`SELECT count(DISTINCT user_id) AS n FROM ${table("delivery")} WHERE channel = 'EMAIL'`)).toBe(
      emails,
    );
    expect(await count(`SELECT count(*) AS n FROM ${table("delivery")} WHERE channel = 'SMS'`)).toBe(1);
    const finished = await admin.query(
      `SELECT recipients, finished_at IS NOT NULL AS finished FROM ${table("broadcast")}`,
    );
    expect(finished.rows).toEqual([{ recipients: USERS, finished: true }]);
    // Resuming again finds nothing left to do.
    expect(await resumed.resumeUnfinished()).toBe(0);
  }, 180_000);
});
