// Long-lived client connections (WebSockets, SSE streams, multipart responses) are counted per transport and per
// client address, so one address cannot take the whole gateway's share, nor one transport starve the others.
import type { IncomingMessage } from "node:http";

export type Transport = "ws" | "sse" | "multipart";

export interface ConnectionCaps {
  perTransport: Record<Transport, number>;
  perAddress: number;
  /**
   * Header carrying the client's address when the gateway runs behind a proxy (e.g. `x-forwarded-for`, whose last
   * entry — the one the nearest proxy appended — is used). Empty: the socket's peer address.
   */
  clientAddressHeader: string;
}

export type Admission = { admitted: true; address: string; release(): void } | { admitted: false; reason: string };

export class ConnectionBudget {
  private readonly byTransport: Record<Transport, number> = { ws: 0, sse: 0, multipart: 0 };
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly caps: ConnectionCaps) {}

  addressOf(request: IncomingMessage): string {
    const header = this.caps.clientAddressHeader;
    if (header) {
      const value = request.headers[header.toLowerCase()];
      const raw = Array.isArray(value) ? value.join(",") : value;
      const last = raw?.split(",").at(-1)?.trim();
      if (last) return last;
    }
    return request.socket.remoteAddress ?? "unknown";
  }

  /** Takes a slot for one connection, or says which cap refused it. Release exactly once when it closes. */
  admit(transport: Transport, request: IncomingMessage): Admission {
    const address = this.addressOf(request);
    if (this.byTransport[transport] >= this.caps.perTransport[transport]) {
      return {
        admitted: false,
        reason: `The gateway holds its maximum of ${this.caps.perTransport[transport]} ${transport} connections`,
      };
    }
    const held = this.byAddress.get(address) ?? 0;
    if (held >= this.caps.perAddress) {
      return { admitted: false, reason: `At most ${this.caps.perAddress} live connections per client address` };
    }
    this.byTransport[transport]++;
    this.byAddress.set(address, held + 1);
    let released = false;
    return {
      admitted: true,
      address,
      release: () => {
        if (released) return;
        released = true;
        this.byTransport[transport]--;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left === 0) this.byAddress.delete(address);
        else this.byAddress.set(address, left);
      },
    };
  }

  count(transport: Transport): number {
    return this.byTransport[transport];
  }
}
