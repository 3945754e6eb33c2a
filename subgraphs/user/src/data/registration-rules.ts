// Pure validation of registration and login input; every failure names the offending field.
import { BadUserInputError } from "@tickergraph/errors";
import { cleanDisplayText } from "./display-text.js";
import { isUuid } from "@tickergraph/contracts";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_DISPLAY_NAME_LENGTH = 50;

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not regex.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

export interface Registration {
  email: string;
  password: string;
  displayName: string;
}

export function validateRegistration(input: Registration): Registration {
  const email = normalizeEmail(input.email);
  if (email.length > 254 || !EMAIL_PATTERN.test(email) || "problem" in cleanDisplayText(email)) {
    throw new BadUserInputError("Email is not a valid address", "input.email");
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new BadUserInputError(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`, "input.password");
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new BadUserInputError(`Password must be at most ${MAX_PASSWORD_LENGTH} characters`, "input.password");
  }
  const cleaned = cleanDisplayText(input.displayName);
  if ("problem" in cleaned) {
    const why = cleaned.problem === "control" ? "control or text-direction characters" : "only invisible characters";
    throw new BadUserInputError(`Display name may not contain ${why}`, "input.displayName");
  }
  const displayName = cleaned.value;
  if (displayName.length === 0 || displayName.length > MAX_DISPLAY_NAME_LENGTH) {
    throw new BadUserInputError(`Display name must be 1 to ${MAX_DISPLAY_NAME_LENGTH} characters`, "input.displayName");
  }
  return { email, password: input.password, displayName };
}

export function validateUserId(id: string, field = "id"): string {
  if (!isUuid(id)) throw new BadUserInputError("Not a valid user id", field);
  return id.toLowerCase();
}

/** Initial share value: uniform in [50, 150], two decimals. */
export function initialShareValue(random: () => number = Math.random): number {
  return Math.round((50 + random() * 100) * 100) / 100;
}
