-- CreateTable
-- A broadcast and how far it got: every recipient with user_id <= reached_user_id has it. Each batch moves the
-- cursor in the same transaction as its notifications, events and deliveries, so a crash resumes without gaps
-- or duplicates.
CREATE TABLE "broadcast" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "reached_user_id" UUID,
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "broadcast_created_at_idx" ON "broadcast"("created_at") WHERE ("finished_at" IS NULL);

-- CreateIndex
-- The delivery worker's claim (FOR UPDATE SKIP LOCKED) reads due jobs in next_attempt_at order: only PENDING and
-- SENDING rows, a small part of the table once most jobs are SENT.
CREATE INDEX "delivery_next_attempt_at_idx" ON "delivery"("next_attempt_at") WHERE ("status" IN ('PENDING', 'SENDING'));

-- AlterTable
-- An email job can wait for its address: an event about a user can arrive before their user.registered.
ALTER TABLE "delivery" ALTER COLUMN "recipient" DROP NOT NULL;
