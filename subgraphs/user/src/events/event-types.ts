// The user subgraph's events: type names (= Kafka topics) and payloads, version 1.
export const USER_REGISTERED = "user.registered";
export const SHARE_VALUE_CHANGED = "user.share-value.changed";
export const SNAPSHOT_REQUESTED = "user.snapshot.requested";
export const SNAPSHOT_SAVED = "user.snapshot.saved";

export interface UserRegistered {
  userId: string;
  /** For services that write to the user (notification emails); the feed's clients never see it. */
  email: string;
  displayName: string;
  shareValue: number;
  createdAt: string;
}

export interface ShareValueChanged {
  userId: string;
  value: number;
  previousValue: number;
  changedAt: string;
}

export interface SnapshotRequested {
  snapshotId: string;
  userId: string;
  value: number;
  takenAt: string;
}

export type SnapshotSaved = SnapshotRequested;
