-- CreateTable
-- fillfactor leaves room on each page so the frequent in-place updates stay HOT (no index writes).
CREATE TABLE "share_stats_bucket" (
    "user_id" UUID NOT NULL,
    "size_minutes" SMALLINT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "changes" INTEGER NOT NULL,
    "sum_change" DOUBLE PRECISION NOT NULL,
    "sum_change_pct" DOUBLE PRECISION NOT NULL,
    "sum_change_pct_sq" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "first_value" DOUBLE PRECISION NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_value" DOUBLE PRECISION NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "share_stats_bucket_pkey" PRIMARY KEY ("user_id","size_minutes","start"),
    CONSTRAINT "share_stats_bucket_size_check" CHECK ("size_minutes" IN (5, 60))
) WITH (fillfactor = 70);

-- CreateTable
CREATE TABLE "share_stats_total" (
    "user_id" UUID NOT NULL,
    "changes" INTEGER NOT NULL,
    "sum_change" DOUBLE PRECISION NOT NULL,
    "sum_change_pct" DOUBLE PRECISION NOT NULL,
    "sum_change_pct_sq" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "first_value" DOUBLE PRECISION NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_value" DOUBLE PRECISION NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "share_stats_total_pkey" PRIMARY KEY ("user_id")
) WITH (fillfactor = 70);

-- CreateTable
CREATE TABLE "snapshot_stats" (
    "user_id" UUID NOT NULL,
    "count" INTEGER NOT NULL,
    "first_value" DOUBLE PRECISION NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_value" DOUBLE PRECISION NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "best" DOUBLE PRECISION NOT NULL,
    "worst" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "snapshot_stats_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "spending_total" (
    "user_id" UUID NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "purchases" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "spending_total_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "spending_by_symbol" (
    "user_id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "spending_by_symbol_pkey" PRIMARY KEY ("user_id","symbol")
);

-- CreateTable
CREATE TABLE "co_purchase" (
    "symbol" TEXT NOT NULL,
    "other_symbol" TEXT NOT NULL,
    "buyers" INTEGER NOT NULL,

    CONSTRAINT "co_purchase_pkey" PRIMARY KEY ("symbol","other_symbol")
);

-- CreateTable
CREATE TABLE "purchase_day" (
    "symbol" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "purchases" INTEGER NOT NULL,

    CONSTRAINT "purchase_day_pkey" PRIMARY KEY ("symbol","day")
);

-- CreateTable
CREATE TABLE "watched_alert" (
    "alert_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "watched_alert_pkey" PRIMARY KEY ("alert_id")
);

-- CreateIndex
CREATE INDEX "watched_alert_user_id_idx" ON "watched_alert"("user_id");
