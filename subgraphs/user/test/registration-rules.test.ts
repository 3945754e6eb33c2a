// Registration and id validation (pure): normalisation, the field each failure names, the initial share value.
import { describe, expect, it } from "vitest";
import { BadUserInputError } from "@tickergraph/errors";
import {
  initialShareValue,
  normalizeEmail,
  validateRegistration,
  validateUserId,
} from "../src/data/registration-rules.js";

const valid = { email: "Ada@Example.com", password: "long enough", displayName: "Ada" };

function failure(fn: () => unknown): { field?: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    const { message, extensions } = error as BadUserInputError;
    return { message, field: extensions.field as string | undefined };
  }
  throw new Error("expected a BadUserInputError");
}

describe("email normalisation", () => {
  it("trims and lower-cases, so case and padding never make a second account", () => {
    expect(normalizeEmail("  Ada.Lovelace@Example.COM \t")).toBe("ada.lovelace@example.com");
    expect(validateRegistration({ ...valid, email: " ADA@EXAMPLE.COM " }).email).toBe("ada@example.com");
  });

  it.each(["", "   ", "ada", "ada@", "@example.com", "ada@example", "ada lovelace@example.com", "a@b@example.com"])(
    "refuses %j as input.email",
    (email) => {
      expect(failure(() => validateRegistration({ ...valid, email }))).toEqual({
        message: "Email is not a valid address",
        field: "input.email",
      });
    },
  );

  it("refuses an address longer than 254 characters", () => {
    const email = `${"a".repeat(250)}@example.com`;
    expect(failure(() => validateRegistration({ ...valid, email })).field).toBe("input.email");
  });
});

describe("password and display name", () => {
  it("accepts a password of exactly 8 characters and refuses 7 as input.password", () => {
    expect(validateRegistration({ ...valid, password: "12345678" }).password).toBe("12345678");
    expect(failure(() => validateRegistration({ ...valid, password: "1234567" }))).toEqual({
      message: "Password must be at least 8 characters",
      field: "input.password",
    });
  });

  it("keeps the password exactly as typed (no trimming)", () => {
    expect(validateRegistration({ ...valid, password: "  spaced  " }).password).toBe("  spaced  ");
  });

  it("trims the display name and requires 1 to 50 characters after trimming", () => {
    expect(validateRegistration({ ...valid, displayName: "  Ada  " }).displayName).toBe("Ada");
    expect(validateRegistration({ ...valid, displayName: "x".repeat(50) }).displayName).toHaveLength(50);
    for (const displayName of ["", "   ", "x".repeat(51)]) {
      expect(failure(() => validateRegistration({ ...valid, displayName })).field).toBe("input.displayName");
    }
  });

  it("checks the email before the password, so the first error is the first field", () => {
    expect(failure(() => validateRegistration({ email: "nope", password: "x", displayName: "" })).field).toBe(
      "input.email",
    );
  });
});

describe("display text hygiene", () => {
  it.each([
    ["an ANSI escape", "Ada\u001b[31m"],
    ["a NUL", "Ada\u0000"],
    ["a right-to-left override", "Ada\u202Egnp.exe"],
    ["a bidi isolate", "\u2066Ada\u2069"],
    ["only zero-width characters", "\u200B\u200D\uFEFF"],
    ["only a Hangul filler", "\u3164"],
  ])("refuses a display name holding %s", (_what, displayName) => {
    expect(failure(() => validateRegistration({ ...valid, displayName })).field).toBe("input.displayName");
  });

  it("stores display names and emails in NFC, so one name has one encoding", () => {
    const decomposed = "Zoe\u0301"; // e + combining acute
    const result = validateRegistration({ ...valid, displayName: decomposed, email: "zoe\u0301@example.com" });
    expect(result.displayName).toBe("Zo\u00e9");
    expect(result.email).toBe("zo\u00e9@example.com");
    expect(normalizeEmail("zoe\u0301@example.com")).toBe(normalizeEmail("zo\u00e9@example.com"));
  });

  it("refuses an email with control or direction characters", () => {
    expect(failure(() => validateRegistration({ ...valid, email: "ada\u202E@example.com" })).field).toBe("input.email");
  });
});

describe("user ids", () => {
  it("accepts a uuid in any case and returns it lower-cased", () => {
    expect(validateUserId("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
  });

  it("refuses anything else as BAD_USER_INPUT naming the argument", () => {
    expect(failure(() => validateUserId("42"))).toEqual({ message: "Not a valid user id", field: "id" });
    expect(failure(() => validateUserId("' OR 1=1 --", "userId")).field).toBe("userId");
  });
});

describe("initial share value", () => {
  it("spans [50, 150] with two decimals", () => {
    expect(initialShareValue(() => 0)).toBe(50);
    expect(initialShareValue(() => 0.999999)).toBe(150);
    expect(initialShareValue(() => 0.123456)).toBe(62.35);
    for (let i = 0; i < 1000; i++) {
      const value = initialShareValue();
      expect(value).toBeGreaterThanOrEqual(50);
      expect(value).toBeLessThanOrEqual(150);
      expect(Math.round(value * 100) / 100).toBe(value);
    }
  });
});
