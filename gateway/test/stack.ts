// Starts the real user subgraph, the profile fixture and the gateway over a supergraph composed from both,
// all on ephemeral ports against real Postgres, Kafka and Redis.
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import type { AppConfig } from "@tickergraph/config";
import { ensureDomainTopics } from "@tickergraph/events";
import { start as startUser } from "@tickergraph/subgraph-user";
import type { GatewayOptions } from "../src/index.js";
import { start as startGateway } from "../src/index.js";
import { PROFILE_SDL, startProfileSubgraph } from "./fixtures/profile-subgraph.js";

const USER_SDL = readFileSync(new URL("../../subgraphs/user/schema.graphql", import.meta.url), "utf8");

export function composeTestSupergraph(): string {
  const result = composeServices([
    { name: "user", url: "http://user/graphql", typeDefs: parse(USER_SDL) },
    { name: "profile", url: "http://profile/graphql", typeDefs: parse(PROFILE_SDL) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.supergraphSdl;
}

export async function startStack(config: AppConfig, gatewayOptions: Partial<GatewayOptions> = {}) {
  await ensureDomainTopics(config.kafka);
  let user = await startUser(config);
  const userPort = Number(new URL(user.url).port);
  const profile = await startProfileSubgraph(config.auth.jwtSecret);
  const gateway = await startGateway(config, {
    supergraphSdl: composeTestSupergraph(),
    subgraphUrls: { user: user.url, profile: profile.url },
    // Every test client comes from 127.0.0.1: the per-address connection cap would stop a 1 000-client test.
    transportLimits: { maxConnectionsPerAddress: 100_000 },
    subscriptionLimits: { maxSubscriptionsPerClient: 1_000_000 },
    ...gatewayOptions,
  });
  return {
    gateway,
    profile,
    get user() {
      return user;
    },
    /** Stops the user subgraph and starts a fresh instance on the same port (a subgraph restart). */
    async restartUser() {
      await user.stop();
      user = await startUser({ ...config, services: { ...config.services, user: { port: userPort, url: undefined } } });
    },
    async stop() {
      await gateway.stop();
      await Promise.all([user.stop(), profile.stop()]);
    },
  };
}
