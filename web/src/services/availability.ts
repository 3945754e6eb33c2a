// Which services the public API offers, decided from the composed schema the dashboard was built against
// (schema/api.graphql): a screen for a subgraph that is not in the supergraph says so instead of faking data.
import { buildSchema } from "graphql";
import apiSchemaSdl from "../../../schema/api.graphql?raw";

const schema = buildSchema(apiSchemaSdl);
const queryFields = schema.getQueryType()?.getFields() ?? {};
const userFields =
  (schema.getType("User") as { getFields?: () => Record<string, unknown> } | undefined)?.getFields?.() ?? {};

export const serviceAvailability = {
  notifications: "notifications" in queryFields,
  analytics: "recommendations" in userFields || "shareStats" in userFields,
} as const;
