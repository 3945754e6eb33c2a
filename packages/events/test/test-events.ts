/** The bus's own tests carry ad-hoc event types ("test.outage", …), so their buses are typed by a loose map. */
export type TestEvents = Record<string, unknown>;
