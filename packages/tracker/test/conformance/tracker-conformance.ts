import { describe } from 'vitest';
import { cancelRelaySuite } from './cancel-relay.ts';
import { setupWith, type TrackerFactory } from './harness.ts';
import { lifecycleSuite } from './lifecycle.ts';
import { listAndStatsSuite } from './list-and-stats.ts';
import { ownershipSuite } from './ownership.ts';
import { retentionAndCapSuite } from './retention-and-cap.ts';
import { subscriptionsSuite } from './subscriptions.ts';

export { createManualClock, T0, type ManualClock, type TrackerFactory, type TrackerFactoryOptions } from './harness.ts';

/**
 * The behaviour every `JobTracker` must have, whatever stores it. `factory` builds a fresh,
 * empty tracker from the clock and limits it is given; the suite closes it after each test.
 * Only the public interface is used, so a Redis tracker runs the same tests:
 *
 *   runTrackerConformance('redis', ({ clock, limits }) => createRedisJobTracker({ ..., clock, limits }));
 */
export function runTrackerConformance(name: string, factory: TrackerFactory): void {
  describe(`JobTracker conformance: ${name}`, () => {
    const setup = setupWith(factory);
    lifecycleSuite(setup);
    listAndStatsSuite(setup);
    retentionAndCapSuite(setup);
    subscriptionsSuite(setup);
    ownershipSuite(setup);
    cancelRelaySuite(setup);
  });
}
