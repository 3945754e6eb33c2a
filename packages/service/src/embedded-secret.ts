// Embedded mode signs tokens with a random secret made on first start and kept in DATA_DIR (mode 0600), so a
// fresh checkout never runs on a secret printed in the source. `--reset` wipes the database, not the secret.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AppConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";

export function withEmbeddedSecret(config: AppConfig, logger: Logger): AppConfig {
  if (config.auth.secretSource === "insecure-dev") {
    logger.warn(
      "signing tokens with the PUBLIC development secret (JWT_INSECURE_DEV_SECRET=true): anyone can forge them",
    );
    return config;
  }
  if (config.auth.secretSource !== "generate") return config;
  const file = path.join(config.db.dataDir, "jwt-secret");
  let secret: string;
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch {
    secret = "";
  }
  if (secret.length < 32) {
    mkdirSync(config.db.dataDir, { recursive: true });
    secret = randomBytes(32).toString("hex");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    logger.info({ file }, "generated a token signing secret for this data directory");
  }
  return { ...config, auth: { ...config.auth, jwtSecret: secret, secretSource: "env" } };
}
