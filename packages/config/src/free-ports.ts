// Every port variable the config knows, set to 0 (the OS picks a free one): tests and benchmarks that start
// services side by side spread this instead of listing the services' ports, so a new service is covered at once.
import { envSchema } from "./config.js";

export function everyPortFree(): Record<string, string> {
  const ports = Object.keys(envSchema.shape).filter((variable) => variable.endsWith("_PORT"));
  return Object.fromEntries(ports.map((variable) => [variable, "0"]));
}
