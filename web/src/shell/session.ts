// The signed-in session: the JWT in localStorage (so a reload stays signed in, and the explorer can reuse it) and
// the one Apollo Client whose links read it per request and per WebSocket connection.
import { useSyncExternalStore } from "react";
import { createTickergraphClient } from "@tickergraph/client";

const TOKEN_KEY = "tickergraph.token";
const NAME_KEY = "tickergraph.displayName";

export interface Session {
  token: string;
  displayName: string;
}

const listeners = new Set<() => void>();
let current: Session | null = readStored();

function readStored(): Session | null {
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? { token, displayName: localStorage.getItem(NAME_KEY) ?? "" } : null;
}

export const gatewayHttpUrl = `${location.origin}/graphql`;

export const { client, wsClient } = createTickergraphClient({
  httpUrl: gatewayHttpUrl,
  wsUrl: gatewayHttpUrl.replace(/^http/, "ws"),
  getToken: () => current?.token,
  onUnauthenticated: () => signOut(),
});

export function signIn(session: Session): void {
  localStorage.setItem(TOKEN_KEY, session.token);
  localStorage.setItem(NAME_KEY, session.displayName);
  current = session;
  // Live subscriptions reconnect with the new token in connection_init.
  wsClient.terminate();
  for (const listener of listeners) listener();
}

export function signOut(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(NAME_KEY);
  current = null;
  wsClient.terminate();
  void client.clearStore();
  for (const listener of listeners) listener();
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
