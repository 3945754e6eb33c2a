// Identity for every service: HS256 JWTs (jose) and scrypt password hashes (node:crypto).
export {
  TokenService,
  type Identity,
  type Session,
  type SessionEnd,
  bearerToken,
  tokenExpiresAtMs,
} from "./tokens.js";
export {
  InMemoryRevocationList,
  revocationMatches,
  type Revocation,
  type RevocationList,
  type TokenFacts,
} from "./revocation.js";
export { RedisRevocationList, type RedisRevocationOptions } from "./redis-revocation.js";
export { onSessionExpiry } from "./session-expiry.js";
export { hashPassword, verifyPassword } from "./passwords.js";
export { requireIdentity, requireOwner } from "./guards.js";
export { PasswordWorkLimiter, PasswordBudget } from "./password-work.js";
export { roleForEmail, requireAdmin, type Role } from "./roles.js";
