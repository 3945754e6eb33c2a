import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import { createLogger } from "@tickergraph/telemetry";
import { withEmbeddedSecret } from "../src/index.js";

const logger = createLogger("embedded-secret-test", "silent");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("withEmbeddedSecret", () => {
  it("generates a random secret on first start, keeps it private in DATA_DIR, and reuses it on the next", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "tg-secret-"));
    dirs.push(dataDir);
    const first = withEmbeddedSecret(loadConfig({ DATA_DIR: dataDir }), logger);
    expect(first.auth.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(dataDir, "jwt-secret"), "utf8").trim()).toBe(first.auth.jwtSecret);
    expect(statSync(path.join(dataDir, "jwt-secret")).mode & 0o077).toBe(0);
    expect(withEmbeddedSecret(loadConfig({ DATA_DIR: dataDir }), logger).auth.jwtSecret).toBe(first.auth.jwtSecret);
    const other = mkdtempSync(path.join(os.tmpdir(), "tg-secret-"));
    dirs.push(other);
    expect(withEmbeddedSecret(loadConfig({ DATA_DIR: other }), logger).auth.jwtSecret).not.toBe(first.auth.jwtSecret);
  });

  it("uses the public development secret only when asked for, and JWT_SECRET as given", () => {
    const dev = loadConfig({ JWT_INSECURE_DEV_SECRET: "true" });
    expect(withEmbeddedSecret(dev, logger).auth.jwtSecret).toBe(dev.auth.jwtSecret);
    const given = loadConfig({ JWT_SECRET: "a-secret-from-the-environment-0123456789" });
    expect(withEmbeddedSecret(given, logger).auth.jwtSecret).toBe("a-secret-from-the-environment-0123456789");
  });
});
