export function webBundleIsCurrent(): boolean;
/** Builds web/dist when stale; true when it built. */
export function buildWebIfStale(): boolean;
