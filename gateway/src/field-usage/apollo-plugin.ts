// Counts field usage for every operation Apollo Server runs (HTTP, and whatever transports run through
// executeOperation), after validation, so only valid operations count.
import type { ApolloServerPlugin } from "@apollo/server";
import type { FieldUsage } from "./field-usage.js";

export function fieldUsagePlugin(usage: FieldUsage): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          usage.record(document);
        },
      };
    },
  };
}
