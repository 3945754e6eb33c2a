// Identity for every service: HS256 JWTs (jose) and scrypt password hashes (node:crypto).
export { TokenService, type Identity, bearerToken } from "./tokens.js";
export { hashPassword, verifyPassword } from "./passwords.js";
export { requireIdentity, requireOwner } from "./guards.js";
