// Locates the committed supergraph and the URL of each subgraph it names.
import { readFile } from "node:fs/promises";
import type { AppConfig, ServiceName } from "@tickergraph/config";
import { SERVICE_NAMES } from "@tickergraph/config";

export const SUPERGRAPH_PATH = new URL("../../schema/supergraph.graphql", import.meta.url);

export function loadSupergraphSdl(): Promise<string> {
  return readFile(SUPERGRAPH_PATH, "utf8");
}

/**
 * The supergraph carries each subgraph's composed URL, but deployments differ (embedded ports, containers,
 * ephemeral test ports), so the gateway resolves the URL from config, then explicit overrides.
 */
export function subgraphUrlResolver(
  config: AppConfig,
  overrides: Partial<Record<string, string>> = {},
): (name: string, composedUrl?: string) => string {
  return (name, composedUrl) => {
    const override = overrides[name];
    if (override) return override;
    if ((SERVICE_NAMES as readonly string[]).includes(name)) {
      const service = config.services[name as ServiceName];
      return service.url ?? `http://${config.host}:${service.port}/graphql`;
    }
    if (composedUrl) return composedUrl;
    throw new Error(`No URL known for subgraph "${name}"`);
  };
}
