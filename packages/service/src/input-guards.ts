// User-input problems that would otherwise reach the database and come back as masked 500s logged at error level:
// Postgres refuses NUL characters in text, so a request carrying one is refused up front as BAD_USER_INPUT.
import { GraphQLError } from "graphql";

function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes("\u0000") || holdsNul(item, depth + 1));
}

/** Throws BAD_USER_INPUT when the document or the variables contain a NUL character. */
export function refuseNulCharacters(query: string | undefined, variables: unknown): void {
  if (query?.includes("\u0000") || holdsNul(variables)) {
    throw new GraphQLError("Text may not contain NUL characters", {
      extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
    });
  }
}
