import { randomUUID, webcrypto } from "node:crypto";
import { SignJWT, decodeJwt, jwtVerify, errors as joseErrors } from "jose";
import { UnauthenticatedError } from "@tickergraph/errors";
import type { RevocationList, TokenFacts } from "./revocation.js";
import { revocationMatches } from "./revocation.js";
import type { Role } from "./roles.js";
import { parseRole } from "./roles.js";
import { onSessionExpiry } from "./session-expiry.js";

/** Who is calling. Subscriptions share work by the scope a field needs and `userId` (gateway/src/scope.ts), never the raw token. */
export interface Identity {
  userId: string;
  email: string;
  /** From the token's `role` claim; only ADMIN is special (see roles.ts). Absent means an ordinary user. */
  role?: Role;
  /** The verified token's id and lifetime (what `logout` revokes); absent for identities not read from a token. */
  token?: TokenFacts;
}

/** Why a live session ended: its token expired, or was revoked (logout, logout everywhere). */
export type SessionEnd = "expired" | "revoked";

export interface Session {
  identity: Identity;
  /** When the token expires (ms since the epoch); undefined for a token without `exp`. */
  expiresAtMs: number | undefined;
}

const ISSUER = "tickergraph";
const AUDIENCE = "tickergraph-api";

/** How many verified tokens a TokenService remembers (oldest forgotten first). */
const REMEMBERED_TOKENS = 10_000;

export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens already verified, with what they said: every HTTP request carries its token again, and an HMAC check
   * through WebCrypto (a key import per call) was a tenth of the gateway's CPU per request. A remembered token is
   * only trusted until its own expiry; after that it is verified again (and refused as expired). What is remembered
   * is the signature check only: revocation is asked on every use (`verifySession`).
   */
  private readonly verified = new Map<string, Session>();
  /** The secret imported into WebCrypto once (jose imports a raw key again on every sign and verify). */
  private cryptoKey: Promise<webcrypto.CryptoKey> | undefined;

  /** `revocations`: checked on every verification; without one, no token can be revoked (unit tests). */
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly revocations?: RevocationList,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(identity: Identity): Promise<string> {
    const issuedAtMs = Date.now();
    // `iat` has whole seconds; `iat_ms` lets "logout everywhere" spare a token issued in the same second after it.
    return new SignJWT({
      email: identity.email,
      iat_ms: issuedAtMs,
      ...(identity.role ? { role: identity.role } : {}),
    })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(identity.userId)
      .setJti(randomUUID())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(issuedAtMs / 1000))
      .setExpirationTime(Math.floor(issuedAtMs / 1000) + this.ttlSeconds)
      .sign(await this.hmacKey());
  }

  /** Revokes the token `identity` was read from (logout). A token without an id is revoked by its issue time. */
  async revokeToken(identity: Identity): Promise<void> {
    const revocations = this.requireRevocations();
    const token = identity.token;
    const untilMs = token?.expiresAtMs ?? Date.now() + this.ttlSeconds * 1000;
    if (token?.id !== undefined) {
      await revocations.revoke({ kind: "token", userId: identity.userId, tokenId: token.id }, untilMs);
    } else {
      await revocations.revoke(
        { kind: "user", userId: identity.userId, issuedUpToMs: token?.issuedAtMs ?? 0 },
        untilMs,
      );
    }
  }

  /** Revokes every token `userId` holds now (logout everywhere); tokens issued afterwards are valid. */
  async revokeAllTokensOf(userId: string): Promise<void> {
    const now = Date.now();
    // Kept for a whole token lifetime: by then every token it covers has expired.
    await this.requireRevocations().revoke(
      { kind: "user", userId, issuedUpToMs: now },
      now + this.ttlSeconds * 1000 + 1000,
    );
  }

  /**
   * Calls `ended` once when a live session (a WebSocket, an SSE or multipart stream) must end: its token expired,
   * or it was revoked here or by any service sharing the revocation list. Returns the cancel; call it on close.
   */
  watch(session: Session | null, ended: (reason: SessionEnd) => void, now: () => number = Date.now): () => void {
    if (!session) return () => {};
    let done = false;
    const end = (reason: SessionEnd) => {
      if (done) return;
      done = true;
      cancel();
      ended(reason);
    };
    const cancelExpiry = onSessionExpiry(session, () => end("expired"), now);
    const stopListening =
      this.revocations?.onRevocation((revocation) => {
        if (revocationMatches(revocation, session.identity.userId, session.identity.token)) end("revoked");
      }) ?? (() => {});
    const cancel = () => {
      cancelExpiry();
      stopListening();
    };
    return cancel;
  }

  private requireRevocations(): RevocationList {
    if (!this.revocations) throw new Error("This TokenService has no revocation list");
    return this.revocations;
  }

  /** Throws UNAUTHENTICATED for a malformed, forged or expired token. */
  async verify(token: string): Promise<Identity> {
    return (await this.verifySession(token)).identity;
  }

  /**
   * As `verify`, plus when the token stops being valid (ms since the epoch): a long-lived connection (graphql-ws,
   * SSE) is checked once at its start, so it must also end when its token expires (see `watch`). A revoked token
   * is UNAUTHENTICATED like an expired one.
   */
  async verifySession(token: string): Promise<Session> {
    const session = await this.verifySignature(token);
    const { userId, token: facts } = session.identity;
    if (facts && (await this.revocations?.isRevoked(userId, facts))) throw new UnauthenticatedError("Token revoked");
    return session;
  }

  /** The token's signature and claims, remembered until the token's own expiry. */
  private async verifySignature(token: string): Promise<Session> {
    const remembered = this.verified.get(token);
    if (remembered && (remembered.expiresAtMs === undefined || remembered.expiresAtMs > Date.now())) return remembered;
    const session = await this.verifyWithKey(token);
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, session);
    return session;
  }

  private async verifyWithKey(token: string): Promise<Session> {
    try {
      const { payload } = await jwtVerify(token, await this.hmacKey(), {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof payload.sub !== "string" || typeof payload.email !== "string") {
        throw new UnauthenticatedError("Invalid token");
      }
      const expiresAtMs = typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
      const facts: TokenFacts = {
        id: typeof payload.jti === "string" ? payload.jti : undefined,
        issuedAtMs:
          typeof payload.iat_ms === "number"
            ? payload.iat_ms
            : typeof payload.iat === "number"
              ? payload.iat * 1000
              : undefined,
        expiresAtMs,
      };
      return {
        identity: { userId: payload.sub, email: payload.email, ...parseRole(payload.role), token: facts },
        expiresAtMs,
      };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError("Token expired");
      throw new UnauthenticatedError("Invalid token");
    }
  }

  private hmacKey(): Promise<webcrypto.CryptoKey> {
    this.cryptoKey ??= webcrypto.subtle.importKey("raw", this.key, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    return this.cryptoKey;
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
