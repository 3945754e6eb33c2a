// Revoked tokens: one token (logout, by its `jti`) or every token a user was issued before a moment (logout
// everywhere: a per-user watermark). Entries are kept only as long as a token they could match may still be valid.
// Every service checks a token against the list when it verifies it, and long-lived connections listen for new
// revocations so they end at once rather than at their token's expiry.

/** What a token says about itself, beside who it is for. */
export interface TokenFacts {
  /** The `jti` claim; tokens issued before revocation existed have none (only a watermark revokes them). */
  id: string | undefined;
  /** When it was issued, ms since the epoch (from `iat_ms`, else `iat`). */
  issuedAtMs: number | undefined;
  expiresAtMs: number | undefined;
}

export type Revocation =
  | { kind: "token"; userId: string; tokenId: string }
  /** Every token of `userId` issued at or before `issuedUpToMs`. */
  | { kind: "user"; userId: string; issuedUpToMs: number };

export interface RevocationList {
  /** Records `revocation` until `untilMs` (when every token it can match has expired), then tells every listener. */
  revoke(revocation: Revocation, untilMs: number): Promise<void>;
  isRevoked(userId: string, token: TokenFacts): Promise<boolean>;
  /** Called for each revocation made by any service sharing this list (this process's own too). */
  onRevocation(listener: (revocation: Revocation) => void): () => void;
  close(): Promise<void>;
}

export function revocationMatches(revocation: Revocation, userId: string, token: TokenFacts | undefined): boolean {
  if (revocation.userId !== userId) return false;
  if (revocation.kind === "token") return token?.id === revocation.tokenId;
  // A token that does not say when it was issued predates every watermark.
  return (token?.issuedAtMs ?? Number.NEGATIVE_INFINITY) <= revocation.issuedUpToMs;
}

/** Embedded mode and tests: one list shared in-process by the gateway and every subgraph. */
export class InMemoryRevocationList implements RevocationList {
  private readonly tokens = new Map<string, number>();
  private readonly watermarks = new Map<string, { issuedUpToMs: number; untilMs: number }>();
  private readonly listeners = new Set<(revocation: Revocation) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  async revoke(revocation: Revocation, untilMs: number): Promise<void> {
    this.prune();
    if (revocation.kind === "token") {
      this.tokens.set(revocation.tokenId, untilMs);
    } else {
      const previous = this.watermarks.get(revocation.userId);
      this.watermarks.set(revocation.userId, {
        issuedUpToMs: Math.max(previous?.issuedUpToMs ?? 0, revocation.issuedUpToMs),
        untilMs: Math.max(previous?.untilMs ?? 0, untilMs),
      });
    }
    for (const listener of [...this.listeners]) listener(revocation);
  }

  async isRevoked(userId: string, token: TokenFacts): Promise<boolean> {
    const now = this.now();
    const tokenUntil = token.id === undefined ? undefined : this.tokens.get(token.id);
    if (tokenUntil !== undefined && tokenUntil > now) return true;
    const watermark = this.watermarks.get(userId);
    return (
      watermark !== undefined &&
      watermark.untilMs > now &&
      revocationMatches({ kind: "user", userId, issuedUpToMs: watermark.issuedUpToMs }, userId, token)
    );
  }

  onRevocation(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [id, until] of this.tokens) if (until <= now) this.tokens.delete(id);
    for (const [userId, entry] of this.watermarks) if (entry.untilMs <= now) this.watermarks.delete(userId);
  }
}
