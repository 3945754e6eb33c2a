// Does a token's user still exist? A token stays validly signed after its user row is deleted (or the database is
// reset while the secret is kept), so services that write on a user's behalf ask the user service, the owner of
// users, through its internal gRPC UserDirectory. Positive answers are cached briefly: users are rarely deleted,
// so a write costs no extra round trip in steady state; negative answers are never cached.
import * as grpc from "@grpc/grpc-js";
import type { Identity } from "@tickergraph/auth";
import { requireIdentity } from "@tickergraph/auth";
import type { AppConfig } from "@tickergraph/config";
import { ServiceUnavailableError, UnauthenticatedError } from "@tickergraph/errors";
import { callUnary, grpcStatus, serviceConstructor } from "@tickergraph/grpc";
import type { Logger } from "@tickergraph/telemetry";

export const USER_DIRECTORY_PROTO = new URL("../proto/user-directory.proto", import.meta.url);
export const USER_DIRECTORY_SERVICE = "tickergraph.user.v1.UserDirectory";

export interface UserDirectory {
  exists(userId: string): Promise<boolean>;
}

/** How long a "this user exists" answer is trusted: a deleted user's token may write for at most this long. */
export const USER_EXISTS_CACHE_MS = 60_000;
const CALL_DEADLINE_MS = 2000;

/** The user service over gRPC; an unreachable or failing directory is SERVICE_UNAVAILABLE (retryable). */
export class GrpcUserDirectory implements UserDirectory {
  private readonly client: grpc.Client;

  constructor(
    address: string,
    private readonly logger?: Logger,
  ) {
    const Client = serviceConstructor(USER_DIRECTORY_PROTO, USER_DIRECTORY_SERVICE);
    this.client = new Client(address, grpc.credentials.createInsecure());
  }

  async exists(userId: string): Promise<boolean> {
    try {
      const answer = await callUnary<{ exists: boolean }>(this.client, "Exists", { user_id: userId }, CALL_DEADLINE_MS);
      return answer.exists;
    } catch (error) {
      // A token's subject that is not a UUID cannot name a user.
      if ((error as grpc.ServiceError).code === grpcStatus.INVALID_ARGUMENT) return false;
      this.logger?.warn({ err: error }, "user directory unavailable during a write");
      throw new ServiceUnavailableError("user directory", 2);
    }
  }

  close(): void {
    this.client.close();
  }
}

/** Remembers who exists for `ttlMs` (never who does not), so a deletion is seen within `ttlMs`. */
export class CachedUserDirectory implements UserDirectory {
  private readonly knownUntil = new Map<string, number>();

  constructor(
    private readonly source: UserDirectory,
    private readonly ttlMs = USER_EXISTS_CACHE_MS,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  async exists(userId: string): Promise<boolean> {
    const until = this.knownUntil.get(userId);
    if (until !== undefined && until > this.now()) return true;
    this.knownUntil.delete(userId);
    const exists = await this.source.exists(userId);
    if (exists) {
      // Bounded memory: drop the oldest entry (Map keeps insertion order).
      if (this.knownUntil.size >= this.maxEntries) this.knownUntil.delete(this.knownUntil.keys().next().value!);
      this.knownUntil.set(userId, this.now() + this.ttlMs);
    }
    return exists;
  }
}

/** The directory a writing subgraph uses: the user service at USER_GRPC_ADDRESS (else GRPC_HOST:USER_GRPC_PORT). */
export function openUserDirectory(config: AppConfig, logger: Logger): { directory: UserDirectory; stop(): void } {
  const address = config.user.grpcAddress ?? `${config.grpc.host}:${config.user.grpcPort}`;
  const grpcDirectory = new GrpcUserDirectory(address, logger);
  return { directory: new CachedUserDirectory(grpcDirectory), stop: () => grpcDirectory.close() };
}

/** For writes: a signed-in caller whose user still exists, else UNAUTHENTICATED (and nothing is written). */
export async function requireExistingUser(identity: Identity | null, users: UserDirectory): Promise<Identity> {
  const caller = requireIdentity(identity);
  if (!(await users.exists(caller.userId))) throw new UnauthenticatedError("Unknown user: sign in again");
  return caller;
}
