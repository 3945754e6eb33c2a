// Geometric random walk of prices (pure): each tick multiplies the price by exp(σ·Z − σ²/2), Z ~ N(0, 1), so prices
// stay positive and have no drift on average. σ per tick depends on how volatile the kind of instrument is.
export const VOLATILITY_PER_TICK: Record<string, number> = {
  STOCK: 0.0015,
  ETF: 0.0008,
  CRYPTO: 0.004,
  COMMODITY: 0.001,
};

/** Standard normal from two uniforms (Box–Muller). */
export function standardNormal(random: () => number = Math.random): number {
  const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function nextPrice(price: number, kind: string, random: () => number = Math.random): number {
  const sigma = VOLATILITY_PER_TICK[kind] ?? VOLATILITY_PER_TICK.STOCK!;
  const next = price * Math.exp(sigma * standardNormal(random) - (sigma * sigma) / 2);
  // Cents for prices above 1, more digits below, so cheap instruments still move.
  const digits = next >= 1 ? 2 : 6;
  return Math.max(10 ** -digits, Math.round(next * 10 ** digits) / 10 ** digits);
}
