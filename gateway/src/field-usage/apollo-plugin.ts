// Counts field usage for every operation Apollo Server runs (HTTP, and whatever transports run through
// executeOperation) when execution starts: after validation and every plugin's checks (operation limits), so
// only operations that actually run count.
import type { ApolloServerPlugin } from "@apollo/server";
import type { FieldUsage } from "./field-usage.js";

export function fieldUsagePlugin(usage: FieldUsage): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ document }) {
          usage.record(document);
        },
      };
    },
  };
}
