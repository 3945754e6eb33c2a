// Shapes and checks that cross subgraph boundaries, defined once: entity references and the id format.
export type { UserReference } from "./references.js";
export { isUuid } from "./uuid.js";
