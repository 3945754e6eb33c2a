-- CreateTable
CREATE TABLE "instrument" (
    "symbol" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "base_price" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "instrument_pkey" PRIMARY KEY ("symbol"),
    CONSTRAINT "instrument_kind_check" CHECK ("kind" IN ('STOCK', 'ETF', 'CRYPTO', 'COMMODITY'))
);

-- CreateTable
CREATE TABLE "candle" (
    "symbol" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "open" DOUBLE PRECISION NOT NULL,
    "high" DOUBLE PRECISION NOT NULL,
    "low" DOUBLE PRECISION NOT NULL,
    "close" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL,
    "last_tick_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "candle_pkey" PRIMARY KEY ("symbol","start")
);

-- CreateTable
CREATE TABLE "purchase" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "purchase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "purchase_user_id_at_idx" ON "purchase"("user_id", "at" DESC);

-- Seed the catalogue
INSERT INTO "instrument" ("symbol", "name", "kind", "currency", "base_price") VALUES
    ('AAPL', 'Apple Inc.', 'STOCK', 'USD', 228.50),
    ('GOOGL', 'Alphabet Inc. Class A', 'STOCK', 'USD', 171.20),
    ('MSFT', 'Microsoft Corporation', 'STOCK', 'USD', 425.10),
    ('AMZN', 'Amazon.com, Inc.', 'STOCK', 'USD', 198.40),
    ('TSLA', 'Tesla, Inc.', 'STOCK', 'USD', 251.30),
    ('NVDA', 'NVIDIA Corporation', 'STOCK', 'USD', 135.80),
    ('META', 'Meta Platforms, Inc.', 'STOCK', 'USD', 565.70),
    ('NFLX', 'Netflix, Inc.', 'STOCK', 'USD', 702.40),
    ('JPM', 'JPMorgan Chase & Co.', 'STOCK', 'USD', 221.90),
    ('SPY', 'SPDR S&P 500 ETF Trust', 'ETF', 'USD', 579.30),
    ('QQQ', 'Invesco QQQ Trust', 'ETF', 'USD', 497.60),
    ('BTC-USD', 'Bitcoin', 'CRYPTO', 'USD', 67250.00),
    ('ETH-USD', 'Ether', 'CRYPTO', 'USD', 2630.00),
    ('XAU', 'Gold (troy ounce)', 'COMMODITY', 'USD', 2655.00),
    ('XAG', 'Silver (troy ounce)', 'COMMODITY', 'USD', 31.40),
    ('WTI', 'Crude Oil WTI (barrel)', 'COMMODITY', 'USD', 71.20);
