import { SignJWT, decodeJwt, jwtVerify, errors as joseErrors } from "jose";
import { UnauthenticatedError } from "@tickergraph/errors";
import type { Role } from "./roles.js";
import { parseRole } from "./roles.js";

/** Who is calling. Subscriptions share work by the scope a field needs and `userId` (gateway/src/scope.ts), never the raw token. */
export interface Identity {
  userId: string;
  email: string;
  /** From the token's `role` claim; only ADMIN is special (see roles.ts). Absent means an ordinary user. */
  role?: Role;
}

export interface Session {
  identity: Identity;
  /** When the token expires (ms since the epoch); undefined for a token without `exp`. */
  expiresAtMs: number | undefined;
}

const ISSUER = "tickergraph";
const AUDIENCE = "tickergraph-api";

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(identity: Identity): Promise<string> {
    return new SignJWT({ email: identity.email, ...(identity.role ? { role: identity.role } : {}) })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(identity.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** Throws UNAUTHENTICATED for a malformed, forged or expired token. */
  async verify(token: string): Promise<Identity> {
    return (await this.verifySession(token)).identity;
  }

  /**
   * As `verify`, plus when the token stops being valid (ms since the epoch): a long-lived connection (graphql-ws,
   * SSE) is checked once at its start, so it must also end when its token expires.
   */
  async verifySession(token: string): Promise<Session> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof payload.sub !== "string" || typeof payload.email !== "string") {
        throw new UnauthenticatedError("Invalid token");
      }
      return {
        identity: { userId: payload.sub, email: payload.email, ...parseRole(payload.role) },
        expiresAtMs: typeof payload.exp === "number" ? payload.exp * 1000 : undefined,
      };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError("Token expired");
      throw new UnauthenticatedError("Invalid token");
    }
  }

  /** No header → anonymous (null); a header that is present but bad → UNAUTHENTICATED. */
  async fromAuthorizationHeader(header: string | null | undefined): Promise<Identity | null> {
    return (await this.sessionFromAuthorizationHeader(header))?.identity ?? null;
  }

  /** `fromAuthorizationHeader` with the token's expiry, for long-lived connections. */
  async sessionFromAuthorizationHeader(header: string | null | undefined): Promise<Session | null> {
    const token = bearerToken(header);
    return token === null ? null : this.verifySession(token);
  }
}

/** Extracts the token of a `Bearer <token>` header; null when there is no header at all. */
export function bearerToken(header: string | null | undefined): string | null {
  if (header === undefined || header === null || header.trim() === "") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthenticatedError("Authorization header must be 'Bearer <token>'");
  return match[1];
}

/**
 * When the token of an Authorization header that was ALREADY verified expires (ms since the epoch); undefined for
 * no header, a token without `exp` or one that does not decode. It does not verify: never use it to trust a token.
 */
export function tokenExpiresAtMs(header: string | null | undefined): number | undefined {
  try {
    const token = bearerToken(header);
    const exp = token === null ? undefined : decodeJwt(token).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
