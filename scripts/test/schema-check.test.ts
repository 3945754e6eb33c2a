import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSchema } from "graphql";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { composeSupergraph } from "../compose/compose-supergraph.js";
import type { Baseline } from "../schema-check/baseline.js";
import { checkSchema } from "../schema-check/check.js";
import { findClientOperations } from "../schema-check/client-operations.js";
import { readUsage } from "../schema-check/usage.js";
import type { FixtureRepo } from "./fixtures/schema-check-repo.js";
import {
  createFixtureRepo,
  FIXTURE_OPERATIONS,
  FIXTURE_SUBGRAPHS,
  fixtureSources,
} from "./fixtures/schema-check-repo.js";

function baselineOf(subgraphs = FIXTURE_SUBGRAPHS): Baseline {
  const outcome = composeSupergraph(fixtureSources(subgraphs));
  if (!outcome.ok) throw new Error(outcome.errors.join("\n"));
  return { description: "fixture", schema: buildSchema(outcome.apiSdl), subgraphs: fixtureSources(subgraphs) };
}

function changed(subgraph: string, from: string, to: string): Record<string, string> {
  return { ...FIXTURE_SUBGRAPHS, [subgraph]: FIXTURE_SUBGRAPHS[subgraph]!.replace(from, to) };
}

describe("checkSchema (in memory)", () => {
  const clientsDir = mkdtempSync(join(tmpdir(), "schema-check-clients-"));
  mkdirSync(join(clientsDir, "ops"));
  writeFileSync(join(clientsDir, "ops/quotes.graphql"), FIXTURE_OPERATIONS);
  // A persisted-documents manifest as graphql-codegen's client preset writes it, and a schema file to ignore.
  writeFileSync(
    join(clientsDir, "ops/persisted-documents.json"),
    JSON.stringify({ "sha256:abc123": "query QuoteKind($s: ID!) { quote(symbol: $s) { kind changePercent } }" }),
  );
  writeFileSync(join(clientsDir, "ops/schema.graphql"), "type Query { x: Int }");
  const operations = findClientOperations(clientsDir);
  afterAll(() => rmSync(clientsDir, { recursive: true, force: true }));

  it("finds operations in .graphql files and persisted-documents manifests, not schema files", () => {
    expect(operations.map((operation) => operation.name).sort()).toEqual(["Me", "QuoteKind", "Quotes"]);
    expect(operations.find((operation) => operation.name === "QuoteKind")!.sources).toEqual([
      "ops/persisted-documents.json#abc123",
    ]);
  });

  it("fails a removed field with its subgraph and every operation that selects it", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("market", "changePercent: Float! ", "")),
      operations,
      approvals: [],
    });
    expect(report.passed).toBe(false);
    expect(report.breaking).toHaveLength(1);
    const [removal] = report.breaking;
    expect(removal).toMatchObject({
      id: "FIELD_REMOVED:Quote.changePercent",
      path: "Quote.changePercent",
      subgraphs: ["market"],
    });
    expect(removal!.operations.map((operation) => `${operation.kind} ${operation.name}`).sort()).toEqual([
      "query QuoteKind",
      "query Quotes",
    ]);
    expect(removal!.suggestion).toMatch(/@deprecated/);
  });

  it("passes an approved breaking change and reports approvals that match nothing", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("market", "changePercent: Float! ", "")),
      operations,
      approvals: [
        { id: "FIELD_REMOVED:Quote.changePercent", reason: "no client left" },
        { id: "FIELD_REMOVED:User.email", reason: "old" },
      ],
    });
    expect(report.passed).toBe(true);
    expect(report.breaking[0]!.approvedBecause).toBe("no client left");
    expect(report.unusedApprovals.map((approval) => approval.id)).toEqual(["FIELD_REMOVED:User.email"]);
  });

  it("warns on a new enum value, naming the operations that read the enum", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("market", "STOCK ETF", "STOCK ETF BOND")),
      operations,
      approvals: [],
    });
    expect(report.passed).toBe(true);
    expect(report.breaking).toEqual([]);
    expect(report.dangerous).toMatchObject([{ id: "ENUM_VALUE_ADDED:InstrumentKind.BOND", subgraphs: ["market"] }]);
    expect(report.dangerous[0]!.operations.map((operation) => operation.name)).toEqual(["QuoteKind"]);
  });

  it("warns when an optional argument becomes required and no known operation omits it", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("market", "quotes(limit: Int)", "quotes(limit: Int!)")),
      operations: [],
      approvals: [],
    });
    expect(report.dangerous.map((change) => change.id)).toEqual(["FIELD_ARGUMENT_TYPE_CHANGED:Query.quotes.limit"]);
  });

  it("fails the same change when a known operation omits the argument", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("market", "quotes(limit: Int)", "quotes(limit: Int!)")),
      operations,
      approvals: [],
    });
    expect(report.breaking.map((change) => [change.id, change.operations.map((operation) => operation.name)])).toEqual([
      ["FIELD_ARGUMENT_TYPE_CHANGED:Query.quotes.limit", ["Quotes"]],
    ]);
  });

  it("fails a new required argument for the operations that use its field", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("user", "me: User", "me(tenant: ID!): User")),
      operations,
      approvals: [],
    });
    expect(report.breaking).toMatchObject([{ id: "FIELD_ARGUMENT_ADDED:Query.me.tenant", subgraphs: ["user"] }]);
    expect(report.breaking[0]!.operations.map((operation) => operation.name)).toEqual(["Me"]);
  });

  it("reports composition errors with the subgraphs involved", async () => {
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("user", "type Query { me: User }", "type Query { me: User quotes: String }")),
      operations,
      approvals: [],
    });
    expect(report.passed).toBe(false);
    expect(report.compositionErrors.length).toBeGreaterThan(0);
    expect(report.compositionErrors.flatMap((error) => error.subgraphs)).toEqual(
      expect.arrayContaining(["market", "user"]),
    );
  });

  it("tells from a usage export whether a removed field was requested in the window", async () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const usage = readUsage(
      JSON.stringify({
        format: "tickergraph-field-usage",
        version: 1,
        generatedAt: now.toISOString(),
        fields: {
          "Quote.changePercent": { count: 42, lastSeen: "2026-11-30T08:00:00.000Z" },
          "Quote.price": { count: 7, lastSeen: "2026-09-01T08:00:00.000Z" },
        },
      }),
      30,
      now,
    );
    const report = await checkSchema({
      baseline: baselineOf(),
      subgraphs: fixtureSources(changed("market", "price: Float! changePercent: Float! ", "")),
      operations: [],
      approvals: [],
      usage,
    });
    const use = Object.fromEntries(report.breaking.map((change) => [change.path, change.recentUse]));
    expect(use).toEqual({
      "Quote.changePercent": { count: 42, lastSeen: "2026-11-30T08:00:00.000Z" },
      "Quote.price": null, // last requested 91 days ago: outside a 30-day window
    });
  });

  it("reads a Prometheus query result as a usage export", () => {
    const usage = readUsage(
      JSON.stringify({
        status: "success",
        data: {
          resultType: "vector",
          result: [{ metric: { type: "Quote", field: "price" }, value: [1764590400, "12.0"] }],
        },
      }),
      30,
    );
    expect(usage.use("Quote.price")).toEqual({ count: 12, lastSeen: undefined });
    expect(usage.use("Quote")).toEqual({ count: 12, lastSeen: undefined });
    expect(usage.use("Quote.changePercent")).toBeUndefined();
  });
});

// Each run is a fresh tsx process loading composition: seconds on an idle machine, much more on a loaded one.
describe("npm run schema:check (command line, in a git repository)", { timeout: 240_000 }, () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = createFixtureRepo();
  });
  afterEach(() => repo.remove());

  it("fails a removed field a client operation uses, naming subgraph, field and operation; approving it passes", async () => {
    repo.edit("market", "changePercent: Float! ", "");
    const failed = await repo.check();
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain("merge base");
    expect(failed.stdout).toMatch(/FIELD_REMOVED:Quote\.changePercent\s+\[subgraph market\]/);
    expect(failed.stdout).toContain("breaks: query Quotes (clients/web/operations/quotes.graphql)");
    expect(failed.stdout).toContain("FAILED: 1 breaking change(s) not approved.");

    repo.write(
      "schema/approved.json",
      JSON.stringify({ approved: [{ id: "FIELD_REMOVED:Quote.changePercent", reason: "moved to Quote.change" }] }),
    );
    const lastSeen = new Date(Date.now() - 86_400_000).toISOString();
    repo.write(
      "usage.json",
      JSON.stringify({
        format: "tickergraph-field-usage",
        version: 1,
        generatedAt: lastSeen,
        fields: { "Quote.changePercent": { count: 3, lastSeen } },
      }),
    );
    const approved = await repo.check("--usage", "usage.json", "--usage-days", "7");
    expect(approved.stdout).toContain("approved: moved to Quote.change");
    expect(approved.stdout).toContain(`recent use: requested 3 time(s), last ${lastSeen}`);
    expect(approved.status).toBe(0);
  });

  it("compares with the merge base, so a change committed on the branch still fails", async () => {
    repo.edit("market", "changePercent: Float! ", "");
    repo.git("commit", "--quiet", "-am", "remove changePercent");
    const result = await repo.check();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("FIELD_REMOVED:Quote.changePercent");
  });

  it("compares with HEAD's committed schema when HEAD is the merge base, and says so", async () => {
    repo.git("checkout", "--quiet", "main");
    repo.edit("market", "STOCK ETF", "STOCK ETF BOND");
    const result = await repo.check("--format", "markdown");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("HEAD's committed schema");
    expect(result.stdout).toContain("### Dangerous changes (warnings)");
    expect(result.stdout).toContain("`ENUM_VALUE_ADDED:InstrumentKind.BOND`");
  });

  it("compares with HEAD's committed schema in a clone with no main branch, and says so", async () => {
    repo.git("branch", "-D", "main");
    repo.edit("market", "changePercent: Float! ", "");
    const result = await repo.check();
    expect(result.stdout).toContain("HEAD's committed schema");
    expect(result.stdout).toContain("there is no origin/main / main / origin/master / master branch");
    expect(result.status).toBe(1);
  });

  it("prints help, refuses unknown flags and malformed approvals, and writes nothing", async () => {
    const help = await repo.check("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: npm run schema:check");
    const typo = await repo.check("--formt", "markdown");
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("Unknown option '--formt'");
    repo.write("schema/approved.json", JSON.stringify({ approved: [{ id: "FIELD_REMOVED:Quote.price" }] }));
    const malformed = await repo.check();
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/approved\.json is invalid: approved\.0\.reason/);
    expect(repo.git("status", "--porcelain")).toBe("?? schema/approved.json\n");
  });
});
