import { describe, expect, it, vi } from "vitest";
import { GraphQLError, buildSchema } from "graphql";
import { BadUserInputError } from "@tickergraph/errors";
import { SlowConsumerError } from "@tickergraph/bounded-queue";
import { createLogger } from "@tickergraph/telemetry";
import {
  formatOperationErrors,
  formatOperationResult,
  prepareOperation,
  SUBSCRIBER_TOO_SLOW,
} from "../src/ws-execution.js";

const schema = buildSchema(`type Query { a: String } type Subscription { ticks: Int }`);

function spyLogger() {
  const logger = createLogger("ws-execution-test", "silent");
  return { logger, error: vi.spyOn(logger, "error"), warn: vi.spyOn(logger, "warn") };
}

describe("prepareOperation", () => {
  it("gives a syntax error the GRAPHQL_PARSE_FAILED code", () => {
    const result = prepareOperation(schema, { query: "subscription {" });
    expect(Array.isArray(result) && result.map((e) => e.extensions.code)).toEqual(["GRAPHQL_PARSE_FAILED"]);
  });

  it("gives unknown fields the GRAPHQL_VALIDATION_FAILED code", () => {
    const result = prepareOperation(schema, { query: "subscription { nope }" });
    expect(Array.isArray(result) && result.map((e) => e.extensions.code)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });

  it("refuses a document whose operation cannot be chosen", () => {
    const result = prepareOperation(schema, { query: "query A { a } query B { a }" });
    expect(Array.isArray(result) && result.map((e) => e.extensions.code)).toEqual(["OPERATION_RESOLUTION_FAILURE"]);
  });

  it("returns execution args for a valid operation", () => {
    const result = prepareOperation(schema, {
      query: "subscription S { ticks }",
      operationName: "S",
      variables: { x: 1 },
    });
    expect(result).toMatchObject({ schema, operationName: "S", variableValues: { x: 1 } });
  });
});

describe("formatOperationErrors", () => {
  it("masks an internal error and logs it at error level", () => {
    const { logger, error, warn } = spyLogger();
    const internal = new GraphQLError("db password is hunter2", { originalError: new Error("db password is hunter2") });
    expect(formatOperationErrors([internal], logger)).toEqual([
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
    expect(error).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it("keeps a client error's message and code and logs it as a warning only", () => {
    const { logger, error, warn } = spyLogger();
    const formatted = formatOperationErrors([new BadUserInputError("bad symbol", "symbol")], logger);
    expect(formatted).toEqual([{ message: "bad symbol", extensions: { code: "BAD_USER_INPUT", field: "symbol" } }]);
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("tells a subscriber cut off for lagging why, without an error log", () => {
    const { logger, error } = spyLogger();
    const slow = new GraphQLError("lagging", { originalError: new SlowConsumerError(1000) });
    expect(formatOperationErrors([slow], logger)[0]?.extensions?.code).toBe(SUBSCRIBER_TOO_SLOW);
    expect(error).not.toHaveBeenCalled();
  });

  it("leaves a result without errors untouched", () => {
    expect(formatOperationResult({ data: { ticks: 1 } }, createLogger("t", "silent"))).toBeUndefined();
  });
});
