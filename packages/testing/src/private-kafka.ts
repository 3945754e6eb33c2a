// A Kafka broker of a test's own, on free ports with its data in a temporary folder, for fault tests that pause or
// kill a broker: the shared broker on 9092 serves every other engineer's and CI's tests and is never touched.
// It runs the jars `scripts/infra/kafka.sh fetch` caches (npm run infra:up fetches them).
import type { ChildProcess } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";

export interface PrivateKafka {
  /** `127.0.0.1:<port>` */
  broker: string;
  pid: number;
  /** SIGSTOP: the broker keeps its sockets open but answers nothing, like a long GC pause or a frozen VM. */
  pause(): void;
  /** SIGCONT */
  resume(): void;
  stop(): Promise<void>;
}

export function kafkaLibsDir(env: Record<string, string | undefined> = process.env): string {
  const cache = env.TICKERGRAPH_CACHE ?? path.join(os.homedir(), ".cache", "tickergraph");
  return path.join(cache, `kafka-${env.KAFKA_VERSION ?? "3.9.1"}`, "libs");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function serving(broker: string): Promise<boolean> {
  const admin = new Kafka({
    brokers: [broker],
    clientId: "private-kafka-probe",
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function startPrivateKafka(options: { startTimeoutMs?: number } = {}): Promise<PrivateKafka> {
  const libs = kafkaLibsDir();
  if (!existsSync(libs))
    throw new Error(`no Kafka jars in ${libs}: run \`npm run infra:up\` (or scripts/infra/kafka.sh fetch)`);
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(os.tmpdir(), "tickergraph-kafka-"));
  const properties = path.join(dir, "server.properties");
  writeFileSync(
    properties,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "controller.listener.names=CONTROLLER",
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "inter.broker.listener.name=PLAINTEXT",
      `log.dirs=${path.join(dir, "data")}`,
      "num.partitions=3",
      "offsets.topic.replication.factor=1",
      "offsets.topic.num.partitions=3",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "auto.create.topics.enable=true",
    ].join("\n"),
  );
  const log4j = path.join(dir, "log4j.properties");
  writeFileSync(
    log4j,
    "log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\n",
  );
  const java = (args: string[]) => [
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-cp",
    `${libs}/*`,
    `-Dlog4j.configuration=file:${log4j}`,
    ...args,
  ];
  // A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
  const clusterId = randomBytes(16).toString("base64url");
  const format = spawnSync("java", java(["kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties]), {
    encoding: "utf8",
  });
  if (format.status !== 0)
    throw new Error(`formatting the private broker's storage failed: ${format.stderr || format.stdout}`);

  let output = "";
  const child: ChildProcess = spawn("java", java(["kafka.Kafka", properties]), { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const broker = `127.0.0.1:${port}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  while (!(await serving(broker))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill();
      throw new Error(`the private Kafka broker did not start on ${broker}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= kill());
  return {
    broker,
    pid: child.pid!,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    stop,
  };
}
