import { describe, expect, it } from 'vitest';
import { createCaseRunner } from '../support/cases.ts';
import { reportMarkdown, type Results } from '../support/report.ts';

describe('a failed case in the report', () => {
  it('keeps none of its figures, names the failure, and lets the other cases run', async () => {
    const results: Results = { quick: true, server_settings: 'LOG_LEVEL=silent QUEUE_MAX=100000' };
    const lines: string[] = [];
    const cases = createCaseRunner(results, (line) => lines.push(line));
    await cases.run('rest_status', 'REST /status', async () => {
      throw new Error('ours: 37,051 non-2xx responses of 37,051; reference: no errors');
    });
    await cases.run('trpc_status', 'tRPC getStatus', async () => ({
      trpc_status_ratio: 0.6,
      trpc_status_ratio_spread: '0.55-0.7 over 5 rounds',
    }));

    expect(cases.failed).toEqual(['rest_status']);
    expect(Object.keys(results).filter((key) => key.startsWith('rest_'))).toEqual([]);
    expect(results.failed_rest_status).toBe('ours: 37,051 non-2xx responses of 37,051; reference: no errors');
    expect(lines).toEqual([
      'REST /status: FAILED, no figures: ours: 37,051 non-2xx responses of 37,051; reference: no errors',
    ]);

    const md = reportMarkdown(results);
    expect(md).toContain('**FAILED: rest_status.**');
    expect(md).toContain('| failed_rest_status | ours: 37,051 non-2xx responses of 37,051; reference: no errors |');
    expect(md).toContain('server settings: `LOG_LEVEL=silent QUEUE_MAX=100000`');
    // The spread sits beside its ratio, not on a row of its own.
    expect(md).toContain('| trpc_status_ratio | 0.6 | 0.55-0.7 over 5 rounds | >= 0.5: met |');
    expect(md).not.toContain('| trpc_status_ratio_spread |');
  });
});

describe('the Redis backend in the report', () => {
  it('puts every redis_ key in its own section, each against its target', () => {
    const md = reportMarkdown({
      sse_p99_ms: 20,
      redis_e2e_ratio: 0.65,
      redis_e2e_ratio_spread: '0.6-0.7 over 3 rounds',
      redis_status_p99_busy_vs_reference: 1.1,
      redis_sse_p99_ms: 67,
      redis_sse_delivered_ratio: 1,
    });
    const section = md.slice(md.indexOf('## Redis backend'), md.indexOf('## Run'));
    expect(section).toContain('| redis_e2e_ratio | 0.65 | 0.6-0.7 over 3 rounds | >= 0.7: **missed** |');
    expect(section).toContain('| redis_status_p99_busy_vs_reference | 1.1 |  | <= 1.2: met |');
    expect(section).toContain('| redis_sse_p99_ms | 67 |  | <= 100: met |');
    expect(section).toContain('| redis_sse_delivered_ratio | 1 |  | = 1: met |');
    // The in-memory SSE key stays in its own section.
    expect(section).not.toContain('| sse_p99_ms |');
  });
});
