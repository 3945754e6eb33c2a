// Stock @apollo/gateway in @apollo/server, as a team would deploy it: the baseline the bench compares against.
// Run as its own process (the bench pins it to one core): argv = supergraph file, port.
import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const [supergraphPath, port] = process.argv.slice(2);
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath!, "utf8") });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: "127.0.0.1" } });
process.send?.({ ready: url });
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
