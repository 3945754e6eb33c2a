// The credentials a shared piece of work (an execution group, an upstream connection) may act with: those of the
// clients it serves right now. Work done for a user runs with the freshest token among that user's clients, so a
// client whose token expires, or who leaves, never takes the others' identity down with it.
import { tokenExpiresAtMs } from "@tickergraph/auth";

export interface Held {
  authorization: string;
  /** ms since the epoch; undefined for a token without `exp`. */
  expiresAtMs: number | undefined;
}

export class CredentialPool {
  private readonly held = new Set<Held>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds a verified Authorization header for as long as its holder stays; returns the release. */
  hold(authorization: string | undefined): () => void {
    if (!authorization) return () => undefined;
    const entry: Held = { authorization, expiresAtMs: tokenExpiresAtMs(authorization) };
    this.held.add(entry);
    return () => void this.held.delete(entry);
  }

  /** The unexpired header that stays valid the longest, or undefined when every held token has expired. */
  freshest(): string | undefined {
    return freshestOf([this]);
  }

  /** The held entry that stays valid the longest, expired or not. */
  longestLived(): Held | undefined {
    let best: Held | undefined;
    for (const entry of this.held) if (!best || lifetime(entry) > lifetime(best)) best = entry;
    return best;
  }

  isExpired(entry: Held): boolean {
    return lifetime(entry) <= this.now();
  }

  get size(): number {
    return this.held.size;
  }
}

/** The freshest unexpired header across several pools (an upstream connection shared by several groups). */
export function freshestOf(pools: Iterable<CredentialPool>): string | undefined {
  let best: Held | undefined;
  for (const pool of pools) {
    const candidate = pool.longestLived();
    if (candidate && !pool.isExpired(candidate) && (!best || lifetime(candidate) > lifetime(best))) best = candidate;
  }
  return best?.authorization;
}

function lifetime(entry: Held): number {
  return entry.expiresAtMs ?? Infinity;
}
