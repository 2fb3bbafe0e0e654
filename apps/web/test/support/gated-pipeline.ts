import type { PhaseReport, Pipeline } from '@noticias/pipeline';

export interface PhaseGate {
  /** While true, every job stops after reporting each phase until `release()`. */
  hold: boolean;
  /** Resolves once a job is parked at a phase, with that phase's report. */
  parked(): Promise<PhaseReport>;
  release(): void;
  /** Stops holding and lets every parked job go (a failed test must not block the next ones). */
  releaseAll(): void;
}

/**
 * The real pipeline, with its phase reports replayed one at a time under the test's control:
 * the offline extractor finishes an article in milliseconds, faster than anyone (or any page)
 * could watch the four phases. The result is the real one.
 */
export function gatePipeline(real: Pipeline): { pipeline: Pipeline; gate: PhaseGate } {
  const releases: (() => void)[] = [];
  const parkedWaiters: ((report: PhaseReport) => void)[] = [];
  const parkedReports: PhaseReport[] = [];
  const gate: PhaseGate = {
    hold: false,
    parked() {
      const ready = parkedReports.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => parkedWaiters.push(resolve));
    },
    release() {
      releases.shift()?.();
    },
    releaseAll() {
      gate.hold = false;
      for (const release of releases.splice(0)) release();
    },
  };
  const pipeline: Pipeline = {
    async run(input, options = {}) {
      if (!gate.hold) return real.run(input, options);
      const reports: PhaseReport[] = [];
      const result = await real.run(input, { ...options, onPhase: (report) => reports.push(report) });
      for (const report of reports) {
        options.onPhase?.(report);
        if (!gate.hold) continue;
        // A cancelled job leaves its parking place at once, as the real pipeline stops between phases.
        const released = new Promise<void>((resolve) => {
          releases.push(resolve);
          options.signal?.addEventListener(
            'abort',
            () => {
              releases.splice(releases.indexOf(resolve), 1);
              resolve();
            },
            { once: true },
          );
        });
        const waiter = parkedWaiters.shift();
        if (waiter) waiter(report);
        else parkedReports.push(report);
        await released;
        options.signal?.throwIfAborted();
      }
      return result;
    },
    close: () => real.close(),
  };
  return { pipeline, gate };
}
