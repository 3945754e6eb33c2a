// Listens, then reports where: the port actually bound (port 0 asks for an ephemeral one) and the /graphql URLs.
import type http from "node:http";
import type { AddressInfo } from "node:net";

export interface ListeningAddress {
  port: number;
  url: string;
  wsUrl: string;
}

/** Rejects with the server's error (e.g. EADDRINUSE) instead of throwing it as an unhandled 'error' event. */
export async function listen(httpServer: http.Server, port: number, host: string): Promise<ListeningAddress> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    httpServer.once("error", onError);
    httpServer.listen(port, host, () => {
      httpServer.off("error", onError);
      resolve();
    });
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}/graphql`;
  return { port: actualPort, url, wsUrl: url.replace(/^http/, "ws") };
}
