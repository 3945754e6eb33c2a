// Loads a .proto file into grpc-js's dynamic form (no generated code): services for servers, constructors for clients.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/**
 * Field names stay as written in the .proto (snake_case, e.g. `user_id`), longs and enums become strings-free
 * numbers/names, and unset fields get their defaults, so handlers never see `undefined` for a scalar.
 */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The whole package tree of a .proto file, e.g. `loadProto(url).tickergraph.notification.v1.NotificationService`. */
export function loadProto(protoFile: URL | string): grpc.GrpcObject {
  const path = protoFile instanceof URL ? protoFile.pathname : protoFile;
  return grpc.loadPackageDefinition(protoLoader.loadSync(path, LOADER_OPTIONS));
}

/**
 * The client constructor of a fully-qualified service (`package.Service`), whose `.service` is the definition a
 * server registers. Throws if the .proto has no such service, so a typo fails at start, not at the first call.
 */
export function serviceConstructor(protoFile: URL | string, qualifiedName: string): grpc.ServiceClientConstructor {
  let node: unknown = loadProto(protoFile);
  for (const part of qualifiedName.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "function" || !("service" in node)) {
    throw new Error(`${String(protoFile)} defines no service ${qualifiedName}`);
  }
  return node as grpc.ServiceClientConstructor;
}
