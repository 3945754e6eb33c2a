-- CreateTable
CREATE TABLE "alert" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "triggered_at" TIMESTAMPTZ(3),
    "triggered_price" DOUBLE PRECISION,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_direction_check" CHECK ("direction" IN ('ABOVE', 'BELOW')),
    CONSTRAINT "alert_status_check" CHECK ("status" IN ('ACTIVE', 'TRIGGERED', 'CANCELLED')),
    CONSTRAINT "alert_threshold_check" CHECK ("threshold" > 0)
);

-- CreateTable
CREATE TABLE "known_symbol" (
    "symbol" TEXT NOT NULL,

    CONSTRAINT "known_symbol_pkey" PRIMARY KEY ("symbol")
);

-- CreateIndex
CREATE INDEX "alert_user_id_status_idx" ON "alert"("user_id", "status");

-- CreateIndex
CREATE INDEX "alert_status_symbol_idx" ON "alert"("status", "symbol");

-- Seed the symbols the market lists at launch; later ones are learned from the price stream.
INSERT INTO "known_symbol" ("symbol") VALUES
    ('AAPL'), ('GOOGL'), ('MSFT'), ('AMZN'), ('TSLA'), ('NVDA'), ('META'), ('NFLX'), ('JPM'),
    ('SPY'), ('QQQ'), ('BTC-USD'), ('ETH-USD'), ('XAU'), ('XAG'), ('WTI');
