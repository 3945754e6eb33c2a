// Two projects: fast in-memory units, and integration tests against real Kafka, Redis and Postgres.
import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// Node loads graphql's CommonJS build for every importer (Apollo's packages are CommonJS); Vite would pick the
// .mjs build for our ESM code, and two graphql instances refuse each other's schemas. Resolve it as Node does.
const graphqlEntry = createRequire(import.meta.url).resolve("graphql");

const shared = { exclude: ["**/node_modules/**", "**/generated/**"] };

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // Two cores, and integration files start real servers: run files two at a time at most.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/test/**/*.test.ts"],
          exclude: [...shared.exclude, "**/*.int.test.ts"],
          // "Unit" files may still open PGlite (a WASM Postgres): seconds on an idle machine, tens of seconds when
          // CI shares the two cores with other work. Readiness is awaited, so a generous ceiling costs nothing.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/test/**/*.int.test.ts"],
          exclude: shared.exclude,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
