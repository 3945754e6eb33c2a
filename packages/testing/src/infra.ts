import net from "node:net";

export type InfraName = "postgres" | "redis" | "kafka";

const DEFAULT_PORTS: Record<InfraName, number> = { postgres: 5432, redis: 6379, kafka: 9092 };

function reachable(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Which of the servers answer on their default local ports. */
export async function probeInfra(names: InfraName[]): Promise<{ ok: boolean; missing: InfraName[] }> {
  const results = await Promise.all(names.map(async (name) => [name, await reachable(DEFAULT_PORTS[name])] as const));
  const missing = results.filter(([, ok]) => !ok).map(([name]) => name);
  return { ok: missing.length === 0, missing };
}

/**
 * For a test file's top level: `const infra = await requireInfra(["kafka"]); describe.runIf(infra)(…)`.
 * Under CI=true a missing server THROWS (the file fails, it never skips); locally it returns false and the
 * suite is skipped with a message saying which server to start.
 */
export async function requireInfra(
  names: InfraName[],
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  const { ok, missing } = await probeInfra(names);
  if (ok) return true;
  const message = `integration test needs ${missing.join(", ")} (run \`npm run infra:up\`)`;
  if (env.CI === "true") throw new Error(`${message}; CI=true so this is a failure, not a skip`);
  process.stderr.write(`skipping: ${message}\n`);
  return false;
}
