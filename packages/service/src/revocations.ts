// Where revoked tokens are kept: in-process in embedded mode (the gateway and every subgraph share the launcher's
// one list), in Redis in distributed mode, so every instance of every service refuses the same tokens.
import type { RevocationList } from "@tickergraph/auth";
import { InMemoryRevocationList, RedisRevocationList } from "@tickergraph/auth";
import type { AppConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";

export async function openRevocationList(config: AppConfig, logger: Logger): Promise<RevocationList> {
  if (config.mode === "embedded") return new InMemoryRevocationList();
  return RedisRevocationList.open({
    url: config.redis.url,
    prefix: config.redis.channelPrefix,
    onError: (error) => logger.warn({ err: error }, "revocation list: redis connection error"),
  });
}
