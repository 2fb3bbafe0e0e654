import type { Child } from './child.ts';
import { spreadOf, median, type Spread } from './stats.ts';
import { addErrors, describeErrors, errorCount, errorsOf, wrk, type WrkErrors } from './wrk.ts';

/** One side (ours or the reference) in one round. */
export interface RoundFigures {
  rps: number;
  requests: number;
  /** Server CPU time (user + system) per request, in µs. */
  cpuMicrosPerRequest: number;
  p99Ms: number;
  errors: WrkErrors;
}

export interface SideFigures {
  /** Median requests/s over the rounds. */
  rps: number;
  /** Median server CPU time per request, in µs. */
  cpuMicrosPerRequest: number;
  p99Ms: number;
}

export type Comparison =
  | {
      ok: true;
      ours: SideFigures;
      ref: SideFigures;
      /** ours / reference requests/s, each round against the reference of the same round. */
      ratio: Spread;
      /** reference / ours CPU per request, per round: what the ratio would be with the server alone on its core. */
      cpuRatio: Spread;
    }
  | {
      ok: false;
      /** Which side failed and how: error counts from wrk, or no request completed. */
      failure: string;
    };

function sideFailure(rounds: RoundFigures[]): string | undefined {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const errors = addErrors(rounds.map((r) => r.errors));
  if (errorCount(errors) > 0) return describeErrors(errors, requests);
  if (!(requests > 0) || rounds.some((r) => !(r.rps > 0))) return 'no request completed in a round';
  return undefined;
}

/**
 * Figures of alternating rounds; a case where either side saw a non-2xx response, a socket error
 * or no request at all fails and gets no ratio, however fast it was (a 404 is cheap).
 */
export function summariseRounds(rounds: { ours: RoundFigures; ref: RoundFigures }[]): Comparison {
  if (rounds.length === 0) return { ok: false, failure: 'no round ran' };
  const ours = rounds.map((r) => r.ours);
  const ref = rounds.map((r) => r.ref);
  const oursFailure = sideFailure(ours);
  const refFailure = sideFailure(ref);
  if (oursFailure || refFailure)
    return { ok: false, failure: `ours: ${oursFailure ?? 'no errors'}; reference: ${refFailure ?? 'no errors'}` };
  const side = (list: RoundFigures[]): SideFigures => ({
    rps: median(list.map((r) => r.rps)),
    cpuMicrosPerRequest: median(list.map((r) => r.cpuMicrosPerRequest)),
    p99Ms: median(list.map((r) => r.p99Ms)),
  });
  return {
    ok: true,
    ours: side(ours),
    ref: side(ref),
    ratio: spreadOf(rounds.map((r) => r.ours.rps / r.ref.rps)),
    cpuRatio: spreadOf(rounds.map((r) => r.ref.cpuMicrosPerRequest / r.ours.cpuMicrosPerRequest)),
  };
}

async function serverCpu(server: Child): Promise<number> {
  return (await server.call<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
}

/**
 * Alternating rounds of ours and the reference (the order flips every round), after a warm-up
 * of each. Medians, not the best round: on a shared machine the best round of either side is
 * mostly luck; the spread over the rounds goes beside them. Server CPU per request is reported
 * too, as it moves much less with the load.
 */
export async function compare(
  server: Child,
  urls: { ours: string; ref: string },
  opts: { rounds: number; seconds: number; connections?: number; headers?: Record<string, string> },
): Promise<Comparison> {
  const connections = opts.connections ?? 50;
  await wrk(urls.ours, { connections, seconds: 1, headers: opts.headers });
  await wrk(urls.ref, { connections, seconds: 1, headers: opts.headers });
  const rounds: { ours: RoundFigures; ref: RoundFigures }[] = [];
  for (let index = 0; index < opts.rounds; index++) {
    const order: ('ours' | 'ref')[] = index % 2 ? ['ours', 'ref'] : ['ref', 'ours'];
    const figures: Partial<Record<'ours' | 'ref', RoundFigures>> = {};
    for (const side of order) {
      const before = await serverCpu(server);
      const result = await wrk(urls[side], { connections, seconds: opts.seconds, headers: opts.headers });
      const cpu = (await serverCpu(server)) - before;
      const { rps, requests, p99Ms } = result;
      figures[side] = { rps, requests, p99Ms, cpuMicrosPerRequest: cpu / requests, errors: errorsOf(result) };
    }
    rounds.push({ ours: figures.ours!, ref: figures.ref! });
  }
  return summariseRounds(rounds);
}
