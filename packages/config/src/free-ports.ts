// Every port variable the config knows, set to 0 (the OS picks a free one): tests and benchmarks that start
// services side by side spread this instead of listing the services' ports, so a new service is covered at once.
import type { ServiceName } from "./config.js";
import { envSchema, SERVICE_NAMES } from "./config.js";

export function everyPortFree(): Record<string, string> {
  const ports = Object.keys(envSchema.shape).filter((variable) => variable.endsWith("_PORT"));
  return Object.fromEntries(ports.map((variable) => [variable, "0"]));
}

/** Each subgraph's default port (the schema's default, whatever the environment says): the URLs a composed supergraph carries. */
export function defaultSubgraphPorts(): Record<ServiceName, number> {
  const portOf = (name: ServiceName) => {
    const variable = `${name.toUpperCase()}_PORT` as keyof typeof envSchema.shape;
    return envSchema.shape[variable].parse(undefined) as number;
  };
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, portOf(name)])) as Record<ServiceName, number>;
}
