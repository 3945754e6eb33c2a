import { describe } from "vitest";
import { loadConfig } from "@tickergraph/config";
import { requireInfra, uniqueRunId } from "@tickergraph/testing";
import { createDatabaseDriver } from "../src/index.js";
import { databaseSuite } from "./database-suite.js";

const available = await requireInfra(["postgres"]);
const config = loadConfig({ TICKERGRAPH_MODE: "distributed", JWT_SECRET: "database-layer-test-secret-32-characters" });
if (available) databaseSuite("database layer on Postgres", () => createDatabaseDriver(config), `${uniqueRunId()}_`);
else describe.skip("database layer on Postgres (no server)", () => {});
