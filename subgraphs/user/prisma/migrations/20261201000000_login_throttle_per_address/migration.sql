-- Login throttling moves from one counter per email to counters per (account, client address) and per address.
-- Old per-email counts cannot be attributed to an address, so they are dropped.
DELETE FROM "login_throttle";
ALTER TABLE "login_throttle" RENAME COLUMN "email" TO "throttle_key";
