// What the Redis fault case saw: each submission's answer and each acknowledged job's latest
// state, by the fault during which it was submitted. Pure bookkeeping, so the loss count is
// unit-tested (bench/test/fault-ledger.test.ts).

/** A submission's answer: a 202 with its job id, a 503 (refused while something is down), no answer at all, or anything else. */
export type SubmitAnswer =
  | { kind: 'acknowledged'; jobId: string }
  | { kind: 'refused' }
  | { kind: 'unreachable' }
  | { kind: 'unexpected'; detail: string };

/** A job's state as `GET /status` tells it; `not_found` is a 404. */
export type ObservedState = 'pending' | 'processing' | 'completed' | 'failed' | 'not_found';

export interface FaultFigures {
  /** Jobs answered 202. */
  acknowledged: number;
  /** Acknowledged jobs that are not `completed` in the end: 404, failed, or never final. */
  lost: number;
  /** Submissions answered 503 (not acknowledged, so not lost). */
  refused: number;
  /** Submissions without an answer: connection refused or reset (an api process restarting). */
  unreachable: number;
  /** From the fault until every job acknowledged before it was seen completed; null if one never was. */
  recoveryMs: number | null;
}

export interface FaultSummary {
  byFault: Record<string, FaultFigures>;
  total: Omit<FaultFigures, 'recoveryMs'>;
  /** Lost jobs by their last state, e.g. `{ processing: 1, not_found: 2 }`. */
  lostStates: Record<string, number>;
  /** Answers that are neither 202, 503 nor no answer: a defect, so the case fails. */
  unexpected: string[];
}

interface Entry {
  fault: string;
  acknowledgedAt: number;
  state: ObservedState | 'unread';
  completedAt: number | null;
}

const FINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'not_found']);

export const isFinalState = (state: string): boolean => FINAL.has(state);

export interface FaultLedger {
  submitted(fault: string, answer: SubmitAnswer, at: number): void;
  /** The fault was injected at `at` (one per fault). */
  faultInjected(fault: string, at: number): void;
  observed(jobId: string, state: ObservedState, at: number): void;
  /** Acknowledged jobs not final yet (of one fault, or all). */
  unsettled(fault?: string): string[];
  /** Every acknowledged job id (of one fault, or all). */
  acknowledged(fault?: string): string[];
  summary(): FaultSummary;
}

export function createFaultLedger(): FaultLedger {
  const jobs = new Map<string, Entry>();
  const faults = new Map<
    string,
    { injectedAt: number | null; refused: number; unreachable: number; acknowledged: number }
  >();
  const unexpected: string[] = [];
  const faultOf = (name: string) => {
    let figures = faults.get(name);
    if (!figures) {
      figures = { injectedAt: null, refused: 0, unreachable: 0, acknowledged: 0 };
      faults.set(name, figures);
    }
    return figures;
  };
  const ids = (fault?: string, keep: (entry: Entry) => boolean = () => true) =>
    [...jobs].filter(([, entry]) => (fault === undefined || entry.fault === fault) && keep(entry)).map(([id]) => id);

  return {
    submitted(fault, answer, at) {
      const figures = faultOf(fault);
      if (answer.kind === 'acknowledged') {
        figures.acknowledged++;
        jobs.set(answer.jobId, { fault, acknowledgedAt: at, state: 'unread', completedAt: null });
      } else if (answer.kind === 'refused') figures.refused++;
      else if (answer.kind === 'unreachable') figures.unreachable++;
      else unexpected.push(`${fault}: ${answer.detail}`);
    },
    faultInjected(fault, at) {
      faultOf(fault).injectedAt = at;
    },
    observed(jobId, state, at) {
      const entry = jobs.get(jobId);
      if (!entry) return;
      entry.state = state;
      if (state === 'completed') entry.completedAt ??= at;
    },
    unsettled: (fault) => ids(fault, (entry) => !isFinalState(entry.state)),
    acknowledged: (fault) => ids(fault),
    summary() {
      const byFault: Record<string, FaultFigures> = {};
      const lostStates: Record<string, number> = {};
      const total = { acknowledged: 0, lost: 0, refused: 0, unreachable: 0 };
      for (const [name, figures] of faults) {
        const entries = [...jobs.values()].filter((entry) => entry.fault === name);
        const lost = entries.filter((entry) => entry.state !== 'completed');
        for (const entry of lost) lostStates[entry.state] = (lostStates[entry.state] ?? 0) + 1;
        const before =
          figures.injectedAt === null ? [] : entries.filter((entry) => entry.acknowledgedAt <= figures.injectedAt!);
        let recoveryMs: number | null = null;
        if (figures.injectedAt !== null && before.every((entry) => entry.completedAt !== null)) {
          const last = Math.max(figures.injectedAt, ...before.map((entry) => entry.completedAt!));
          recoveryMs = Math.round(last - figures.injectedAt);
        }
        byFault[name] = {
          acknowledged: figures.acknowledged,
          lost: lost.length,
          refused: figures.refused,
          unreachable: figures.unreachable,
          recoveryMs,
        };
        total.acknowledged += figures.acknowledged;
        total.lost += lost.length;
        total.refused += figures.refused;
        total.unreachable += figures.unreachable;
      }
      return { byFault, total, lostStates, unexpected: [...unexpected] };
    },
  };
}
