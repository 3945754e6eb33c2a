// Field usage: counted per operation on every transport, served as a Prometheus counter and as GET /usage.
export { FieldUsage, FIELD_USAGE_METRIC, type FieldUsageExport } from "./field-usage.js";
export { fieldUsagePlugin } from "./apollo-plugin.js";
