// The transaction client Prisma hands to `$transaction` callbacks.
import type { PrismaClient } from "../../generated/prisma/client.js";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
