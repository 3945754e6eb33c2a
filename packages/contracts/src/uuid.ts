// Every entity id is a Postgres uuid; a malformed one is a client mistake to reject before it reaches SQL.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a uuid in its canonical 8-4-4-4-12 hex form (any case). Accepts `unknown` for untrusted payloads. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}
