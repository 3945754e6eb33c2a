import { createMemoryDriver } from "@tickergraph/db";
import { outboxContract } from "./outbox-contract.js";

outboxContract("outbox on PGlite", createMemoryDriver, "u_");
