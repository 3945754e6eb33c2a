// The gateway's HTTP enforcement of operation limits: a guard before Apollo validates, and a plugin after the
// operation resolves (cached documents, changed variables), sharing the API schema the plugin learns.
import type { RequestHandler } from "express";
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "@tickergraph/telemetry";
import type { OperationLimits } from "./check.js";
import { operationLimitsGuard } from "./http-guard.js";
import { operationLimitsPlugin } from "./plugin.js";

export function httpOperationLimits<TContext extends object>(
  limits: OperationLimits,
  logger?: Logger,
): { plugin: ApolloServerPlugin<TContext>; guard: RequestHandler } {
  let apiSchema: GraphQLSchema | undefined;
  return {
    plugin: operationLimitsPlugin<TContext>(limits, logger, (schema) => (apiSchema = schema)),
    guard: operationLimitsGuard(limits, () => apiSchema, logger),
  };
}
