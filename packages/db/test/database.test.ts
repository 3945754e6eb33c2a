import { createMemoryDriver } from "../src/index.js";
import { databaseSuite } from "./database-suite.js";

databaseSuite("database layer on PGlite", createMemoryDriver, "u_");
