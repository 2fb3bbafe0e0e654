/** A figure over the rounds of a case: the median, with the lowest and highest round beside it. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  rounds: number;
}

export function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function spreadOf(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), rounds: values.length };
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** "0.9-1.18 over 5 rounds": how far one round can be from the median a report gives. */
export function formatSpread(spread: Spread, digits = 2): string {
  if (spread.rounds === 1) return 'one round, no spread';
  return `${round(spread.min, digits)}-${round(spread.max, digits)} over ${spread.rounds} rounds`;
}
