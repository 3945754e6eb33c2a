// Builds the Prisma driver adapter for a service schema on either driver.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseDriver } from "./driver.js";

export type PrismaAdapterFactory = PrismaPg | PrismaPGlite;

/**
 * pglite-prisma-adapter's factory drops its options, so Prisma would query `public`. The adapter it returns
 * reads the schema from `options.schema` (see its getConnectionInfo), so we set it on each connection.
 */
class SchemaBoundPGlite extends PrismaPGlite {
  constructor(
    pglite: ConstructorParameters<typeof PrismaPGlite>[0],
    private readonly schema: string,
  ) {
    super(pglite);
  }

  override async connect() {
    const adapter = await super.connect();
    (adapter as unknown as { options: { schema: string } }).options = { schema: this.schema };
    return adapter;
  }
}

export function prismaAdapter(driver: DatabaseDriver, schema: string): PrismaAdapterFactory {
  return driver.kind === "postgres"
    ? new PrismaPg(driver.pool, { schema })
    : new SchemaBoundPGlite(driver.pglite, schema);
}
