// Identity for every service: HS256 JWTs (jose) and scrypt password hashes (node:crypto).
export { TokenService, type Identity, type Session, bearerToken, tokenExpiresAtMs } from "./tokens.js";
export { onSessionExpiry } from "./session-expiry.js";
export { hashPassword, verifyPassword } from "./passwords.js";
export { requireIdentity, requireOwner } from "./guards.js";
