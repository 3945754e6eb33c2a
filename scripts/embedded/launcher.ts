// Embedded mode: the gateway and every subgraph in one process, sharing one PGlite database, one in-process
// event bus and one in-process hub. Each service is started through the same start() as in distributed mode.
import { existsSync } from "node:fs";
import type { AppConfig, ServiceName } from "@tickergraph/config";
import { SERVICE_NAMES } from "@tickergraph/config";
import type { EventBus } from "@tickergraph/events";
import type { Runtime } from "@tickergraph/service";
import { createSharedRuntime, withEmbeddedSecret } from "@tickergraph/service";
import { createLogger } from "@tickergraph/telemetry";
import { start as startGateway } from "../../gateway/src/index.js";

type ServiceModule = {
  start(config: AppConfig, runtime?: Runtime): Promise<{ url: string; grpcPort?: number; stop(): Promise<void> }>;
};

/** Subgraphs are discovered by folder, so a new one joins the embedded launcher without edits here. */
async function loadService(name: ServiceName): Promise<ServiceModule | null> {
  if (!existsSync(new URL(`../../subgraphs/${name}/src/index.ts`, import.meta.url))) return null;
  return (await import(`@tickergraph/subgraph-${name}`)) as ServiceModule;
}

export interface EmbeddedStack {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** The in-process bus every service shares (tests publish events on it as another service would). */
  bus: EventBus;
  stop(): Promise<void>;
}

export async function startEmbedded(configFromEnv: AppConfig): Promise<EmbeddedStack> {
  const logger = createLogger("embedded", configFromEnv.logLevel);
  let config = withEmbeddedSecret(configFromEnv, logger);
  const shared = await createSharedRuntime(config);
  const running: Array<{ name: string; stop(): Promise<void> }> = [];
  const subgraphUrls: Record<string, string> = {};
  try {
    for (const name of SERVICE_NAMES) {
      const service = await loadService(name);
      if (!service) continue;
      const handle = await service.start(config, shared.forService(name));
      running.push({ name, stop: handle.stop });
      subgraphUrls[name] = handle.url;
      // The user service starts first: the others dial its UserDirectory on the port it bound (USER_GRPC_PORT=0).
      if (name === "user" && handle.grpcPort !== undefined) config = { ...config, user: { grpcPort: handle.grpcPort } };
    }
    // One revocation list for the whole process: a logout at the user subgraph reaches the gateway's connections.
    const gateway = await startGateway(config, { subgraphUrls, revocations: shared.forService("gateway").revocations });
    running.push({ name: "gateway", stop: gateway.stop });
    logger.info({ gateway: gateway.url, subgraphs: subgraphUrls }, "embedded stack ready");
    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      bus: shared.forService("embedded").bus,
      stop: async () => {
        // Front door first, so no new work arrives while the subgraphs drain.
        for (const service of running.reverse()) {
          logger.debug({ service: service.name }, "stopping");
          await service.stop();
        }
        await shared.close();
        logger.debug("shared runtime closed");
      },
    };
  } catch (error) {
    for (const service of running.reverse()) await service.stop().catch(() => undefined);
    await shared.close();
    throw error;
  }
}
