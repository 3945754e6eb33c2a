// Shapes resolvers pass around where a GraphQL type is not a plain Prisma row.
export interface SnapshotView {
  id: string;
  userId: string;
  value: number;
  takenAt: Date | string;
}

export interface ShareValueChangeView {
  userId: string;
  value: number;
  previousValue: number;
  changedAt: string;
}
