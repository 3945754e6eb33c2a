// Issue 9, with a real deletion: the user service's UserDirectory answers for the user table, and a market that
// asks it refuses a deleted user's still-valid token once its cached "exists" has expired (a short TTL here).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDomainTopics } from "@tickergraph/events";
import { CachedUserDirectory, GrpcUserDirectory } from "@tickergraph/service";
import { start as startMarket } from "@tickergraph/subgraph-market";
import { start as startUser } from "@tickergraph/subgraph-user";
import { graphqlRequest, requireInfra, testConfig, uniqueRunId, until } from "@tickergraph/testing";
import pg from "pg";

const available = await requireInfra(["postgres", "kafka", "redis"]);
const BUY = `mutation { buy(symbol: "AAPL", quantity: 1) { id } }`;
const TTL_MS = 300;

describe.runIf(available)("a deleted user's token (distributed)", () => {
  const runId = uniqueRunId("deleted");
  const config = testConfig(runId, { ticks: { priceMs: 200, shareValueMs: 60_000 } });
  const db = new pg.Pool({ connectionString: config.db.url });
  const stops: Array<() => unknown> = [];
  let userUrl: string;
  let marketUrl: string;
  let directory: GrpcUserDirectory;
  beforeAll(async () => {
    await ensureDomainTopics(config.kafka);
    const user = await startUser(config);
    stops.unshift(user.stop);
    directory = new GrpcUserDirectory(`127.0.0.1:${user.grpcPort}`);
    stops.unshift(() => directory.close());
    const market = await startMarket(config, undefined, { users: new CachedUserDirectory(directory, TTL_MS) });
    stops.unshift(market.stop);
    userUrl = user.url;
    marketUrl = market.url;
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await db.end();
  });

  it("buys while the user exists, and is UNAUTHENTICATED within the cache TTL of its deletion", async () => {
    const email = `gone.${Date.now().toString(36)}@example.com`;
    const registered = await graphqlRequest(
      userUrl,
      `mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }`,
      {
        i: { email, password: "correct horse battery", displayName: "Gone" },
      },
    );
    const { token, user } = registered.data!.register;
    expect(await directory.exists(user.id)).toBe(true);
    await until(
      "a first purchase (once AAPL has a price)",
      async () => (await graphqlRequest(marketUrl, BUY, {}, token)).data?.buy,
      30_000,
      100,
    );

    await db.query(`DELETE FROM "${config.db.schemaPrefix}user"."user" WHERE id = $1`, [user.id]);
    expect(await directory.exists(user.id)).toBe(false);
    const deletedAt = Date.now();
    const refused = await until(
      "the deleted user's buy to be refused",
      async () => {
        const result = await graphqlRequest(marketUrl, BUY, {}, token);
        return result.errors?.[0];
      },
      10_000,
      50,
    );
    expect(refused).toMatchObject({
      message: expect.stringMatching(/Unknown user/),
      extensions: { code: "UNAUTHENTICATED" },
    });
    // The positive answer outlives the deletion by at most its TTL (plus a loaded machine's request time).
    expect(Date.now() - deletedAt).toBeLessThan(TTL_MS + 5_000);
    const purchases = await db.query(
      `SELECT count(*)::int AS n FROM "${config.db.schemaPrefix}market"."purchase" WHERE user_id = $1`,
      [user.id],
    );
    const afterRefusal = purchases.rows[0].n as number;
    await graphqlRequest(marketUrl, BUY, {}, token);
    const again = await db.query(
      `SELECT count(*)::int AS n FROM "${config.db.schemaPrefix}market"."purchase" WHERE user_id = $1`,
      [user.id],
    );
    expect(again.rows[0].n).toBe(afterRefusal);
  });
});
