import { createMemoryJobTracker } from '../src/index.ts';
import { runTrackerConformance } from './conformance/tracker-conformance.ts';

runTrackerConformance('memory', ({ clock, limits }) => createMemoryJobTracker({ clock, limits }));
