// Number and time formats shared by every screen.
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: "always",
});

export const formatPrice = (value: number) => money.format(value);
export const formatPercent = (value: number) => `${percent.format(value)} %`;
export const formatTime = (iso: string) => new Date(iso).toLocaleTimeString("en-GB");
export const formatDateTime = (iso: string) => new Date(iso).toLocaleString("en-GB");
/** "–" for a statistic that has no value yet (null before the first data point). */
export const formatOptional = (value: number | null | undefined, format: (value: number) => string) =>
  value === null || value === undefined ? "–" : format(value);
