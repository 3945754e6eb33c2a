// Benchmark: the in-process alert evaluation cost with 1 000 000 ACTIVE alerts across the instruments.
// Prints ticks evaluated per second and the index's memory. Prices move like the market's random walk and
// thresholds sit away from them, as in a real book where most alerts are far from the price.
//   npm run bench:alert-evaluator -- [alerts=1000000] [ticks=2000000]
import { AlertIndex } from "../subgraphs/alert/src/evaluator/alert-index.js";
import { nextPrice } from "../subgraphs/market/src/prices/random-walk.js";

const [alerts = 1_000_000, ticks = 2_000_000] = process.argv.slice(2).map(Number);
const SYMBOLS = [
  "AAPL",
  "GOOGL",
  "MSFT",
  "AMZN",
  "TSLA",
  "NVDA",
  "META",
  "NFLX",
  "JPM",
  "SPY",
  "QQQ",
  "BTC-USD",
  "ETH-USD",
  "XAU",
  "XAG",
  "WTI",
];
const prices = new Map(SYMBOLS.map((s, i) => [s, 100 + i * 10]));

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const index = new AlertIndex();
const buildStart = performance.now();
// Loaded in one go, as the evaluator does from the database at start.
index.addMany(
  (function* () {
    for (let i = 0; i < alerts; i++) {
      const symbol = SYMBOLS[i % SYMBOLS.length]!;
      const price = prices.get(symbol)!;
      const above = i % 2 === 0;
      // Between 1 % and 50 % away from the price, on the side that has not fired yet.
      const distance = 0.01 + Math.random() * 0.49;
      const threshold = above ? price * (1 + distance) : price * (1 - distance);
      yield {
        id: `alert-${i}`,
        userId: `user-${i % 50_000}`,
        symbol,
        direction: above ? ("ABOVE" as const) : ("BELOW" as const),
        threshold,
      };
    }
  })(),
);
const buildMs = performance.now() - buildStart;
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;

let fired = 0;
const start = performance.now();
for (let t = 0; t < ticks; t++) {
  const symbol = SYMBOLS[t % SYMBOLS.length]!;
  const price = nextPrice(prices.get(symbol)!, "STOCK");
  prices.set(symbol, price);
  const crossed = index.crossed(symbol, price);
  // As the evaluator does once the database confirms: fired alerts leave the index.
  for (const alert of crossed) index.remove(alert.id);
  fired += crossed.length;
}
const seconds = (performance.now() - start) / 1000;
console.table([
  {
    "active alerts": alerts,
    ticks,
    "ticks/s": Math.round(ticks / seconds),
    "µs/tick": Math.round((seconds / ticks) * 1e6 * 100) / 100,
    fired,
    "index build s": Math.round(buildMs / 100) / 10,
    "heap MB": Math.round((heapAfter - heapBefore) / 1e6),
    "bytes/alert": Math.round((heapAfter - heapBefore) / alerts),
  },
]);
