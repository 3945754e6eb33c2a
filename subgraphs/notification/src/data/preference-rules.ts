// Channel preferences as pure rules: the defaults, validation of an update (BAD_USER_INPUT naming the field), and
// which channels a notification of a kind goes to.
import { BadUserInputError } from "@tickergraph/errors";
import type { Channel, NotificationKind, PreferencesView } from "./views.js";
import { CHANNELS, NOTIFICATION_KINDS } from "./views.js";

/** In-app for every kind; email too for alerts and the welcome message. */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationKind, readonly Channel[]>> = {
  ALERT_TRIGGERED: ["IN_APP", "EMAIL"],
  WELCOME: ["IN_APP", "EMAIL"],
  SNAPSHOT_SAVED: ["IN_APP"],
  PURCHASE: ["IN_APP"],
  PROMOTION: ["IN_APP"],
  SYSTEM: ["IN_APP"],
};

/** E.164: a `+`, a non-zero country digit, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/** What is stored: the kinds a user changed (others follow the defaults, even if those change later). */
export interface StoredPreferences {
  phoneNumber: string | null;
  channels: Partial<Record<NotificationKind, Channel[]>>;
}

export interface PreferencesUpdate {
  /** undefined keeps the number, null removes it. */
  phoneNumber?: string | null;
  kinds?: Array<{ kind: NotificationKind; channels: Channel[] }> | null;
}

export function channelsFor(stored: StoredPreferences | null, kind: NotificationKind): readonly Channel[] {
  return stored?.channels[kind] ?? DEFAULT_CHANNELS[kind];
}

export function preferencesView(stored: StoredPreferences | null): PreferencesView {
  return {
    phoneNumber: stored?.phoneNumber ?? null,
    kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, channels: [...channelsFor(stored, kind)] })),
  };
}

/** Applies an update to what is stored; throws BAD_USER_INPUT with the offending field. */
export function applyUpdate(stored: StoredPreferences | null, update: PreferencesUpdate): StoredPreferences {
  const next: StoredPreferences = { phoneNumber: stored?.phoneNumber ?? null, channels: { ...stored?.channels } };
  if (update.phoneNumber !== undefined) {
    const phone = update.phoneNumber === null ? null : update.phoneNumber.replace(/[\s-]/g, "");
    if (phone !== null && !isE164(phone)) {
      throw new BadUserInputError("phoneNumber must be in E.164 form, e.g. +14155550123", "input.phoneNumber");
    }
    next.phoneNumber = phone;
  }
  const seen = new Set<NotificationKind>();
  (update.kinds ?? []).forEach(({ kind, channels }, index) => {
    const field = `input.kinds.${index}`;
    if (!NOTIFICATION_KINDS.includes(kind)) throw new BadUserInputError(`Unknown kind ${kind}`, `${field}.kind`);
    if (seen.has(kind)) throw new BadUserInputError(`${kind} is listed twice`, `${field}.kind`);
    seen.add(kind);
    const unique = CHANNELS.filter((channel) => channels.includes(channel));
    if (unique.length !== channels.length)
      throw new BadUserInputError("A channel is listed twice or unknown", `${field}.channels`);
    next.channels[kind] = unique;
  });
  const wantsSms = NOTIFICATION_KINDS.some((kind) => channelsFor(next, kind).includes("SMS"));
  if (wantsSms && !next.phoneNumber) {
    throw new BadUserInputError("SMS needs a phone number: set phoneNumber too", "input.phoneNumber");
  }
  return next;
}
