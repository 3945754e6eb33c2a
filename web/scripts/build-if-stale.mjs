// Builds the dashboard bundle (web/dist) when it is missing or was built from other sources, so
// `npm install && npm start` serves a current dashboard with no extra command. Runs from postinstall and from the
// embedded launcher. Sources are compared by content (a hash kept in dist/.built), not by time: codegen rewrites
// the typed client on every install with the same bytes, which must not cost a rebuild.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoDir = dirname(webDir);
const stamp = join(webDir, "dist", ".built");
const inputs = [
  join(webDir, "src"),
  join(webDir, "explorer"),
  join(webDir, "index.html"),
  join(webDir, "vite.config.ts"),
  join(webDir, "package.json"),
  join(repoDir, "clients", "typescript", "src"),
  join(repoDir, "schema", "api.graphql"),
];

function hashInto(hash, path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) hashInto(hash, join(path, name));
    return;
  }
  hash
    .update(`${path.slice(repoDir.length)}\0`)
    .update(readFileSync(path))
    .update("\0");
}

function sourcesHash() {
  const hash = createHash("sha256");
  for (const input of inputs) hashInto(hash, input);
  return hash.digest("hex");
}

export function webBundleIsCurrent() {
  return existsSync(stamp) && readFileSync(stamp, "utf8").trim() === sourcesHash();
}

export function buildWebIfStale() {
  if (webBundleIsCurrent()) return false;
  const hash = sourcesHash();
  const result = spawnSync("npx", ["--no-install", "vite", "build", "--logLevel", "warn"], {
    cwd: webDir,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`dashboard build failed (exit ${result.status})`);
  writeFileSync(stamp, `${hash}\n`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(buildWebIfStale() ? "dashboard: built web/dist\n" : "dashboard: web/dist is current\n");
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
