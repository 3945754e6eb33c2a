// A gRPC server for service-to-service calls: binds one host:port (the internal interface, never the public one),
// registers the given services, and stops gracefully (in-flight calls finish) with a deadline.
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "@tickergraph/telemetry";

export interface GrpcServiceBinding {
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  /** The internal interface (config.grpc.host); 127.0.0.1 unless the deployment has a private network. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  services: GrpcServiceBinding[];
  logger: Logger;
  /** How long stop() lets in-flight calls run before cancelling them. */
  stopTimeoutMs?: number;
}

export interface RunningGrpcServer {
  /** `host:port` as a client dials it. */
  address: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server();
  for (const { definition, implementation } of options.services) server.addService(definition, implementation);
  // No TLS: these ports are bound to the internal interface only; put mTLS in front if that network is shared.
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${hostForAddress(options.host)}:${options.port}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  const address = `${hostForAddress(options.host)}:${port}`;
  options.logger.info({ address, services: options.services.length }, "gRPC server listening");

  let stopping: Promise<void> | undefined;
  return {
    address,
    port,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          options.logger.warn("gRPC calls still running at the stop deadline; cancelling them");
          server.forceShutdown();
          resolve();
        }, options.stopTimeoutMs ?? 5000);
        server.tryShutdown(() => {
          clearTimeout(deadline);
          resolve();
        });
      });
      return stopping;
    },
  };
}

/** An IPv6 literal needs brackets in a gRPC target. */
function hostForAddress(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
