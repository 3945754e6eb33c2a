// Stock @apollo/gateway in @apollo/server, as a team would deploy it: the baseline the bench compares against.
// It forwards the caller's Authorization header to subgraphs (Apollo's documented willSendRequest recipe), or
// signed-in operations could not be compared. Run as its own process (the bench pins it to one core):
// argv = supergraph file, port, subgraph URLs as JSON (overriding the supergraph's).
import { readFileSync } from "node:fs";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

interface Context {
  authorization?: string;
}

const [supergraphPath, port, urls = "{}"] = process.argv.slice(2);
const overrides = JSON.parse(urls) as Record<string, string>;
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(supergraphPath!, "utf8"),
  buildService: ({ name, url }) =>
    new RemoteGraphQLDataSource<Context>({
      url: overrides[name] ?? url,
      willSendRequest({ request, context }) {
        if (context.authorization) request.http?.headers.set("authorization", context.authorization);
      },
    }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(port), host: "127.0.0.1" },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
process.send?.({ ready: url });
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
