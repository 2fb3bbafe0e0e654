import { describe, expect, it } from 'vitest';
import { fragmentJob, type Setup } from './harness.ts';

/**
 * The cancel relay: `requestCancel` reaches the runner listening with `onCancelRequest` (in a
 * shared backend, whichever process holds the job) and says whether one took it; the tracker
 * changes no state by itself.
 */
export function cancelRelaySuite(setup: Setup): void {
  describe('cancel relay', () => {
    it('reaches the listener holding the job and reports whether one took it', async () => {
      const { tracker } = await setup();
      const held = await tracker.create(fragmentJob());
      const other = await tracker.create(fragmentJob());
      const asked: string[] = [];
      const off = tracker.onCancelRequest((id) => {
        asked.push(id);
        return id === held.job_id;
      });
      expect(await tracker.requestCancel(held.job_id)).toBe(true);
      expect(await tracker.requestCancel(other.job_id)).toBe(false);
      expect(asked).toEqual([held.job_id, other.job_id]);
      // Nothing changed: the runner records the failure itself.
      expect((await tracker.get(held.job_id))?.status).toBe('pending');
      off();
      expect(await tracker.requestCancel(held.job_id)).toBe(false);
      expect(asked).toHaveLength(2);
    });
  });
}
