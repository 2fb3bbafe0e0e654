import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Headline figures of the component benchmarks (bench/tracker, bench/pipeline), read from the
// results they wrote when last run; they are not rerun here (the tracker's builds a million
// jobs and takes minutes). Each figure keeps the date of its own run.

type Json = Record<string, unknown>;

function read(file: string): Json | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch {
    return undefined;
  }
}

const num = (value: unknown, digits = 2) =>
  typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : undefined;
const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined),
    value,
  );

export function componentFigures(resultsDir: string): Record<string, number | string> {
  const figures: Record<string, number | string | undefined> = {};
  const tracker = read(join(resultsDir, 'tracker.json'));
  if (tracker) {
    Object.assign(figures, {
      tracker_bench_date: at(tracker, 'date') as string | undefined,
      tracker_gets_per_s: num(at(tracker, 'figures', 'getsPerSecond'), 0),
      tracker_updates_per_s: num(at(tracker, 'figures', 'updatesPerSecond'), 0),
      tracker_bytes_per_finished_job: num(at(tracker, 'figures', 'bytesPerRetainedFinishedJob'), 0),
      tracker_sweep_100k_ms: num(at(tracker, 'figures', 'sweepMs'), 0),
    });
  }
  const pipeline = read(join(resultsDir, 'pipeline.json'));
  if (pipeline) {
    const throughput = (at(pipeline, 'throughput') as Json[] | undefined) ?? [];
    const row = (label: string) => throughput.find((entry) => entry.label === label);
    Object.assign(figures, {
      pipeline_bench_date: at(pipeline, 'date') as string | undefined,
      pipeline_articles_per_s_5kb: num(at(row('5 KB'), 'articles_per_s'), 1),
      pipeline_mb_per_s_50kb: num(at(row('50 KB'), 'mb_per_s')),
      pipeline_event_loop_p99_ms_with_pool: num(at(pipeline, 'event_loop', 'pool', 'delay_ms', 'p99')),
      pipeline_event_loop_p99_ms_inline: num(at(pipeline, 'event_loop', 'inline', 'delay_ms', 'p99')),
    });
  }
  return Object.fromEntries(
    Object.entries(figures).filter((entry): entry is [string, number | string] => entry[1] !== undefined),
  );
}
