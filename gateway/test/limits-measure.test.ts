// The operation measure and limit check, without servers: what each number means, the list-size rule, password
// mutations, and that measuring stays linear on documents built to explode.
import { readFileSync } from "node:fs";
import { buildSchema, getIntrospectionQuery, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@tickergraph/errors";
import type { OperationMeasure } from "../src/limits/index.js";
import { checkOperationLimits, DEFAULT_OPERATION_LIMITS, MAX_NESTING, measureOperation } from "../src/limits/index.js";
import { operationDepth } from "../src/subscriptions/operation-depth.js";

const schema = buildSchema(readFileSync(new URL("../../schema/api.graphql", import.meta.url), "utf8"));
const measure = (query: string, options: Parameters<typeof measureOperation>[1] = {}) =>
  measureOperation(parse(query), { schema, ...options });

/** `levels` fragments, each spreading the next one twice: the expanded operation has 2^levels leaves. */
export function fragmentDoubling(levels: number, operation = "query", leaf = "me { id }"): string {
  const lines = [`${operation} { ...F0 }`];
  for (let i = 0; i < levels; i++)
    lines.push(`fragment F${i} on ${operation === "query" ? "Query" : "Subscription"} { ...F${i + 1} ...F${i + 1} }`);
  lines.push(`fragment F${levels} on ${operation === "query" ? "Query" : "Subscription"} { ${leaf} }`);
  return lines.join("\n");
}

describe("measureOperation", () => {
  it("counts depth, aliases, root fields and cost with fragments and inline fragments expanded", () => {
    const m = measure(`
      query { me { ...Mine } a: user(id: "1") { id } ... on Query { b: me { id } } }
      fragment Mine on User { id snapshots(limit: 3) { id value } }
    `);
    // me(1) + id(1) + snapshots(1 + 3 × 2) = 9; a: user(1 + 1) = 2; b: me(1 + 1) = 2
    expect(m).toEqual({ depth: 3, aliases: 2, rootFields: 3, cost: 13, passwordMutations: 0, nestingExceeded: false });
  });

  it("sizes a list by first/last/limit, by a list argument's length, by the schema default, or by the default size", () => {
    const cost = (query: string, variables = {}) => measure(query, { variables, defaultListSize: 7 }).cost;
    expect(cost(`{ priceHistory(symbol: "A", limit: 1000) { price at } }`)).toBe(1 + 1000 * 2);
    expect(cost(`query($n: Int) { priceHistory(symbol: "A", limit: $n) { price } }`, { n: 40 })).toBe(1 + 40);
    expect(cost(`{ priceHistory(symbol: "A") { price } }`)).toBe(1 + 100); // `limit: Int = 100` in the schema
    expect(cost(`{ quotes(symbols: ["A", "B", "C"]) { price } }`)).toBe(1 + 3);
    expect(cost(`query($s: [ID!]!) { quotes(symbols: $s) { price } }`, { s: ["A", "B"] })).toBe(1 + 2);
    expect(cost(`{ instruments { symbol name } }`)).toBe(1 + 7 * 2);
    expect(cost(`{ me { id } }`)).toBe(2); // not a list
    expect(cost(`{ priceHistory(symbol: "A", limit: -5) { price } }`)).toBe(1 + 100); // nonsense: the subgraph refuses it
  });

  it("without a schema, treats only fields with a size argument as lists", () => {
    const m = measureOperation(parse(`{ things { id } page(first: 10) { id name } }`), { defaultListSize: 50 });
    expect(m.cost).toBe(2 + 1 + 10 * 2);
  });

  it("multiplies nested lists", () => {
    expect(measure(`{ me { snapshots(limit: 10) { user { snapshots(limit: 10) { id } } } } }`).cost).toBe(
      1 + 1 + 10 * (1 + 1 + 10),
    );
  });

  it("counts login and register at the mutation root, aliased or spread, and nowhere else", () => {
    const m = measure(`
      mutation { a: login(email: "a", password: "p") { token } b: login(email: "b", password: "p") { token } ...R }
      fragment R on Mutation { register(input: { email: "c", password: "p", displayName: "c" }) { token } }
    `);
    expect(m.passwordMutations).toBe(3);
    expect(measure(`mutation { saveSnapshot { id } }`).passwordMutations).toBe(0);
  });

  it("finds mutations that hash a password from the schema, and names from configuration", () => {
    const custom = buildSchema(`
      type Query { ok: Boolean }
      input Change { old: String!, password: String! }
      type Mutation { changePassword(input: Change!): Boolean resetPin(pin: String!): Boolean rotate(password: String!): Boolean }
    `);
    const m = measureOperation(
      parse(`mutation { changePassword(input: { old: "a", password: "b" }) rotate(password: "c") resetPin(pin: "1") }`),
      {
        schema: custom,
        passwordMutations: ["resetPin"],
      },
    );
    expect(m.passwordMutations).toBe(3);
  });

  it("lets the standard introspection query through the default limits", () => {
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true });
    expect(checkOperationLimits(measure(query), DEFAULT_OPERATION_LIMITS)).toEqual([]);
  });

  it("measures the named operation, or the worst of all when none is chosen", () => {
    const query = `query Small { me { id } } query Big { a: me { id } b: me { id } c: me { snapshots { id } } }`;
    expect(measure(query, { operationName: "Small" }).rootFields).toBe(1);
    expect(measure(query, { operationName: "Big" }).rootFields).toBe(3);
    expect(measure(query).aliases).toBe(3);
  });

  it("survives fragment cycles (a validation error reported elsewhere)", () => {
    const m = measure(
      `query { me { ...A } } fragment A on User { snapshots { user { ...B } } } fragment B on User { ...A id }`,
    );
    expect(m.depth).toBe(4);
  });

  it("stops at MAX_NESTING on a long chain of fragments instead of overflowing the stack", () => {
    const chain = 3_000;
    const lines = [`query { ...F0 }`];
    for (let i = 0; i < chain; i++) lines.push(`fragment F${i} on Query { ...F${i + 1} }`);
    lines.push(`fragment F${chain} on Query { me { id } }`);
    const m = measure(lines.join("\n"));
    expect(m.nestingExceeded).toBe(true);
    const [error] = checkOperationLimits(m, DEFAULT_OPERATION_LIMITS);
    expect(error?.extensions).toMatchObject({ code: "OPERATION_LIMIT_EXCEEDED", limit: "nesting", max: MAX_NESTING });
  });

  it("reports exponential numbers for fragment doubling in linear time (20 vs 40 levels)", () => {
    // CPU time (wall time swings with whatever else runs on the two cores), best of five rounds of 200 measures.
    const time = (levels: number) => {
      const document = parse(fragmentDoubling(levels));
      let best = Infinity;
      let result: OperationMeasure | undefined;
      for (let round = 0; round < 5; round++) {
        const started = process.cpuUsage();
        for (let i = 0; i < 200; i++) result = measureOperation(document, { schema });
        const used = process.cpuUsage(started);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return { ms: best, result: result! };
    };
    time(40); // warm up the JIT
    const twenty = time(20);
    const forty = time(40);
    expect(twenty.result.rootFields).toBe(2 ** 20);
    expect(forty.result.rootFields).toBe(2 ** 40);
    expect(forty.result.cost).toBe(2 ** 40 * 2);
    // Linear: twice the levels, about twice the time (exponential would be a million times). Generous for a loaded machine.
    expect(forty.ms).toBeLessThan(Math.max(twenty.ms * 6, 50));
    expect(forty.ms / 200).toBeLessThan(5);
  });

  it("saturates instead of overflowing on 900 doubling levels", () => {
    const m = measure(fragmentDoubling(900, "query", `priceHistory(symbol: "A", limit: 1000) { price }`));
    expect(m.cost).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isFinite(m.rootFields)).toBe(true);
  });
});

describe("checkOperationLimits", () => {
  it("names each limit passed with its maximum and the actual value", () => {
    const m: OperationMeasure = {
      depth: 13,
      aliases: 51,
      rootFields: 21,
      cost: 25_001,
      passwordMutations: 2,
      nestingExceeded: false,
    };
    const errors = checkOperationLimits(m, DEFAULT_OPERATION_LIMITS);
    expect(errors.map((e) => e.extensions)).toEqual([
      { code: "OPERATION_LIMIT_EXCEEDED", limit: "passwordMutations", max: 1, actual: 2 },
      { code: "OPERATION_LIMIT_EXCEEDED", limit: "depth", max: 12, actual: 13 },
      { code: "OPERATION_LIMIT_EXCEEDED", limit: "aliases", max: 50, actual: 51 },
      { code: "OPERATION_LIMIT_EXCEEDED", limit: "rootFields", max: 20, actual: 21 },
      { code: "OPERATION_LIMIT_EXCEEDED", limit: "cost", max: 25_000, actual: 25_001 },
    ]);
    expect(errors[1]!.message).toBe("Operation depth 13 exceeds the limit of 12");
    expect(ERROR_CODES.OPERATION_LIMIT_EXCEEDED.clientVisible).toBe(true);
  });

  it("passes an operation exactly at every limit", () => {
    const m: OperationMeasure = {
      depth: 12,
      aliases: 50,
      rootFields: 20,
      cost: 25_000,
      passwordMutations: 1,
      nestingExceeded: false,
    };
    expect(checkOperationLimits(m, DEFAULT_OPERATION_LIMITS)).toEqual([]);
  });
});

describe("operationDepth (subscriptions)", () => {
  it("is linear on a subscription whose fragments each spread the next twice", () => {
    const started = performance.now();
    expect(operationDepth(parse(fragmentDoubling(60, "subscription", "userRegistered { id }")))).toBe(2);
    // Exponential would be 2^60 visits; linear is well under a millisecond, even cold on a loaded machine.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
