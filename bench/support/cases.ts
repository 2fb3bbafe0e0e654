import type { Results } from './report.ts';

export interface CaseRunner {
  /** Names of the cases that failed so far. */
  failed: string[];
  /** Runs one case, which adds its figures or throws why it failed. */
  run(name: string, label: string, body: () => Promise<Results>): Promise<void>;
}

/**
 * A case that throws (requests answered with an error, a route that does not answer 200, a
 * load process that gave up) is recorded as `failed_<name>` with the reason and none of its
 * figures: a failed route is often a fast one, and its ratio would read as a success. The other
 * cases still run; the harness exits non-zero at the end.
 */
export function createCaseRunner(results: Results, log: (line: string) => void): CaseRunner {
  const failed: string[] = [];
  return {
    failed,
    async run(name, label, body) {
      try {
        Object.assign(results, await body());
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        failed.push(name);
        results[`failed_${name}`] = reason;
        log(`${label}: FAILED, no figures: ${reason}`);
      }
    },
  };
}
