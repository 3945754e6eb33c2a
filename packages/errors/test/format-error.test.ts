import { describe, expect, it } from "vitest";
import { BadUserInputError, formatError } from "../src/index.js";

describe("formatError", () => {
  it("keeps the message and code of a client error, and drops the stack", () => {
    const error = new BadUserInputError("Email is taken", "input.email");
    const formatted = formatError(
      { message: error.message, extensions: { ...error.extensions, stacktrace: ["at x"] } },
      error,
    );
    expect(formatted).toEqual({
      message: "Email is taken",
      extensions: { code: "BAD_USER_INPUT", field: "input.email" },
    });
  });

  it("masks anything else as an internal error and reports the original", () => {
    const reported: unknown[] = [];
    const original = new Error("relation users does not exist");
    const formatted = formatError({ message: original.message, path: ["me"] }, original, (e) => reported.push(e));
    expect(formatted).toEqual({
      message: "Internal server error",
      path: ["me"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(reported).toEqual([original]);
  });
});
