// Channel naming. Public feeds use the event type (`user.registered`); user-scoped feeds add the user id
// (`user.share-value.changed:<userId>`), so a listener only ever receives its own user's events and no
// global channel is filtered per client. The hub prepends REDIS_CHANNEL_PREFIX (default `tg:`).
export function publicChannel(eventType: string): string {
  return eventType;
}

export function userChannel(eventType: string, userId: string): string {
  return `${eventType}:${userId}`;
}

/** A channel per key other than a user, e.g. one per instrument symbol. */
export function keyedChannel(eventType: string, key: string): string {
  return `${eventType}:${key}`;
}
