// The shape a test gives a JSON response it reads field by field: a wrong shape fails the assertion that reads
// it, so spelling out every response type would add casts without catching anything more.
// biome-ignore lint/suspicious/noExplicitAny: the one deliberate `any` of the test helpers (see above)
export type UntypedJson = any;
