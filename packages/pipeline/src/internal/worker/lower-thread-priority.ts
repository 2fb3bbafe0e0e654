import { getPriority, setPriority } from 'node:os';

/**
 * Raises the calling thread's nice value to `nice` (lower CPU priority), never lowers it.
 * Linux keeps a nice value per thread, and `setPriority(0, n)` changes the calling thread only;
 * other systems apply it to the whole process, which would slow the event loop as well, so
 * there it does nothing. Returns the thread's nice value afterwards, or null where unsupported.
 */
export function lowerThreadPriority(nice: number, platform: NodeJS.Platform = process.platform): number | null {
  if (platform !== 'linux') return null;
  const current = getPriority(0);
  // Going back down needs privileges; a server started with `nice` keeps its lower priority.
  if (nice > current) setPriority(0, nice);
  return getPriority(0);
}
