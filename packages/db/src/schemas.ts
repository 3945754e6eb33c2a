// Schema names: each service owns `<prefix><service>` (managed by Prisma migrations) and
// `<prefix><service>_platform` (outbox, processed events, leases) so Prisma's drift checks never see the latter.
export function serviceSchema(prefix: string, service: string): string {
  return `${prefix}${service}`;
}

export function platformSchema(prefix: string, service: string): string {
  return `${prefix}${service}_platform`;
}

/** Double-quotes an identifier for SQL; schema names come from config, validated to [a-z0-9_]. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
