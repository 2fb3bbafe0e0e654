import { describe, expect, it } from 'vitest';
import { createFaultLedger } from '../support/fault-ledger.ts';

describe('the Redis fault ledger', () => {
  it('counts as lost every acknowledged job not completed in the end, and refusals apart', () => {
    const ledger = createFaultLedger();
    ledger.submitted('kill', { kind: 'acknowledged', jobId: 'a' }, 0);
    ledger.submitted('kill', { kind: 'acknowledged', jobId: 'b' }, 5);
    ledger.submitted('kill', { kind: 'refused' }, 6);
    ledger.faultInjected('kill', 10);
    ledger.submitted('kill', { kind: 'acknowledged', jobId: 'c' }, 20);
    ledger.submitted('kill', { kind: 'unreachable' }, 21);
    ledger.submitted('redis', { kind: 'acknowledged', jobId: 'd' }, 30);
    ledger.submitted('redis', { kind: 'acknowledged', jobId: 'e' }, 31);
    ledger.submitted('redis', { kind: 'acknowledged', jobId: 'f' }, 32);
    ledger.faultInjected('redis', 40);
    ledger.observed('a', 'processing', 11);
    ledger.observed('a', 'completed', 250);
    ledger.observed('b', 'completed', 100);
    ledger.observed('c', 'completed', 300);
    ledger.observed('d', 'failed', 50);
    ledger.observed('e', 'not_found', 60);
    ledger.observed('f', 'processing', 70);
    ledger.observed('unknown', 'completed', 70);

    expect(ledger.unsettled()).toEqual(['f']);
    expect(ledger.acknowledged('kill')).toEqual(['a', 'b', 'c']);
    const summary = ledger.summary();
    expect(summary.byFault.kill).toEqual({ acknowledged: 3, lost: 0, refused: 1, unreachable: 1, recoveryMs: 240 });
    expect(summary.byFault.redis).toEqual({ acknowledged: 3, lost: 3, refused: 0, unreachable: 0, recoveryMs: null });
    expect(summary.total).toEqual({ acknowledged: 6, lost: 3, refused: 1, unreachable: 1 });
    expect(summary.lostStates).toEqual({ failed: 1, not_found: 1, processing: 1 });
    expect(summary.unexpected).toEqual([]);
  });

  it('keeps the first time a job was seen completed, and lists answers that are neither 202 nor 503', () => {
    const ledger = createFaultLedger();
    ledger.submitted('api', { kind: 'acknowledged', jobId: 'a' }, 0);
    ledger.submitted('api', { kind: 'unexpected', detail: '500 boom' }, 1);
    ledger.faultInjected('api', 10);
    ledger.observed('a', 'completed', 15);
    ledger.observed('a', 'completed', 90);
    const summary = ledger.summary();
    expect(summary.byFault.api!.recoveryMs).toBe(5);
    expect(summary.unexpected).toEqual(['api: 500 boom']);
    expect(summary.total.lost).toBe(0);
  });
});
