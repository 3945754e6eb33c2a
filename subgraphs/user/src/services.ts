// What the user subgraph's resolvers are given: long-lived services shared by every request, and two per-request
// pieces built fresh with each context (`userLoader`, `passwordBudget`).
import type DataLoader from "dataloader";
import type { PasswordBudget, PasswordWorkLimiter, TokenService } from "@tickergraph/auth";
import type { EventBus } from "@tickergraph/events";
import type { SubscriptionHub } from "@tickergraph/pubsub";
import type { User } from "../generated/prisma/client.js";
import type { LoginThrottle } from "./data/login-throttle.js";
import type { UserStore } from "./data/user-store.js";

export interface UserServices {
  users: UserStore;
  /** Per request: batches and caches user reads within one request only. */
  userLoader: DataLoader<string, User | null>;
  throttle: LoginThrottle;
  /** Concurrent password hashes/checks per client address. */
  passwordWork: PasswordWorkLimiter;
  /** Per request: one password operation. */
  passwordBudget: PasswordBudget;
  tokens: TokenService;
  bus: EventBus;
  hub: SubscriptionHub;
  /** Emails whose tokens carry the ADMIN role (config.roles). */
  adminEmails: readonly string[];
}
