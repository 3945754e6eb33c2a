// Subscriptions per client, counted over every transport together: a client cannot hold more by spreading them
// over graphql-ws, SSE and multipart. A client is its user when signed in, else its address.
import { GraphQLError } from "graphql";
import type { Identity } from "@tickergraph/auth";

export class SubscriptionAllowance {
  private readonly held = new Map<string, number>();

  constructor(private readonly maxPerClient: number) {}

  static clientKey(identity: Identity | null, address: string): string {
    return identity ? `user:${identity.userId}` : `address:${address}`;
  }

  /** Takes one subscription for `client`, or throws BAD_USER_INPUT past the cap. Release exactly once at its end. */
  take(client: string): () => void {
    const count = this.held.get(client) ?? 0;
    if (count >= this.maxPerClient) {
      throw new GraphQLError(`At most ${this.maxPerClient} subscriptions per client over all transports`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    this.held.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(client) ?? 1) - 1;
      if (left === 0) this.held.delete(client);
      else this.held.set(client, left);
    };
  }

  count(client: string): number {
    return this.held.get(client) ?? 0;
  }
}
