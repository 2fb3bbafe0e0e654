import type { Child } from './child.ts';
import { wrk } from './wrk.ts';

export interface SideFigures {
  /** Median requests/s over the rounds. */
  rps: number;
  /** Median server CPU time (user + system) per request, in µs. */
  cpuMicrosPerRequest: number;
  p99Ms: number;
  errors: number;
}

export interface Comparison {
  ours: SideFigures;
  ref: SideFigures;
  /** ours / reference, from the median requests/s. */
  ratio: number;
  /** reference / ours CPU per request: what the ratio would be with the server alone on its core. */
  cpuRatio: number;
}

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function serverCpu(server: Child): Promise<number> {
  return (await server.call<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
}

/**
 * Alternating rounds of ours and the reference (the order flips every round), after a warm-up
 * of each. Medians, not the best round: on a shared machine the best round of either side is
 * mostly luck. Server CPU per request is reported too, as it moves much less with the load.
 */
export async function compare(
  server: Child,
  urls: { ours: string; ref: string },
  opts: { rounds: number; seconds: number; connections?: number; headers?: Record<string, string> },
): Promise<Comparison> {
  const connections = opts.connections ?? 50;
  await wrk(urls.ours, { connections, seconds: 1, headers: opts.headers });
  await wrk(urls.ref, { connections, seconds: 1, headers: opts.headers });
  const runs = { ours: [] as SideFigures[], ref: [] as SideFigures[] };
  for (let round = 0; round < opts.rounds; round++) {
    const order: ('ours' | 'ref')[] = round % 2 ? ['ours', 'ref'] : ['ref', 'ours'];
    for (const side of order) {
      const before = await serverCpu(server);
      const result = await wrk(urls[side], { connections, seconds: opts.seconds, headers: opts.headers });
      const cpu = (await serverCpu(server)) - before;
      runs[side].push({ rps: result.rps, cpuMicrosPerRequest: cpu / result.requests, p99Ms: result.p99Ms, errors: result.errors });
    }
  }
  const summarise = (list: SideFigures[]): SideFigures => ({
    rps: median(list.map((r) => r.rps)),
    cpuMicrosPerRequest: median(list.map((r) => r.cpuMicrosPerRequest)),
    p99Ms: median(list.map((r) => r.p99Ms)),
    errors: list.reduce((sum, r) => sum + r.errors, 0),
  });
  const ours = summarise(runs.ours);
  const ref = summarise(runs.ref);
  return { ours, ref, ratio: ours.rps / ref.rps, cpuRatio: ref.cpuMicrosPerRequest / ours.cpuMicrosPerRequest };
}
