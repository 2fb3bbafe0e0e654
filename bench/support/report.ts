import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Results = Record<string, number | string | boolean>;

// The issue's targets; a figure is reported against its target, never asserted.
const TARGETS: Record<string, { text: string; met: (v: number) => boolean }> = {
  rest_status_ratio: { text: '>= 0.85', met: (v) => v >= 0.85 },
  trpc_status_ratio: { text: '>= 0.5', met: (v) => v >= 0.5 },
  sse_p99_ms: { text: '<= 50', met: (v) => v <= 50 },
  sse_delivered_ratio: { text: '= 1', met: (v) => v === 1 },
  sse_rss_mb: { text: '<= 1000', met: (v) => v <= 1000 },
  status_p99_under_load_ratio: { text: '< 2', met: (v) => v < 2 },
  rest_sse_p99_ms: { text: '<= 50', met: (v) => v <= 50 },
  rest_sse_delivered_ratio: { text: '= 1', met: (v) => v === 1 },
  cancel_p99_ms: { text: '<= 100', met: (v) => v <= 100 },
  cancel_500kb_extraction_p99_ms: { text: '<= 100', met: (v) => v <= 100 },
  auth_rest_status_ratio: { text: '>= 0.75', met: (v) => v >= 0.75 },
  redis_rest_status_ratio: { text: '>= 0.6', met: (v) => v >= 0.6 },
  redis_trpc_status_ratio: { text: '>= 0.4', met: (v) => v >= 0.4 },
  redis_e2e_ratio: { text: '>= 0.7', met: (v) => v >= 0.7 },
  redis_status_p99_busy_vs_reference: { text: '<= 1.2', met: (v) => v <= 1.2 },
  redis_sse_p99_ms: { text: '<= 100', met: (v) => v <= 100 },
  redis_sse_delivered_ratio: { text: '= 1', met: (v) => v === 1 },
  redis_jobs_lost: { text: '= 0', met: (v) => v === 0 },
};

const SECTIONS: [string, RegExp][] = [
  ['Failed cases (requests answered with errors: no figures)', /^failed_/],
  ['Status reads (wrk, 1 thread, 50 connections; medians of alternating rounds)', /^(rest_|trpc_)/],
  ['Live status over SSE (10 subscribers per job, 1,000 updates/s; one run per side)', /^sse_/],
  ['End to end and /status under load', /^(e2e_|status_|event_loop_)/],
  ['Redis backend (ROLE=api and ROLE=worker processes over one redis-server)', /^redis_/],
  ['Components (from bench/results/tracker.json and pipeline.json, run separately)', /^(tracker_|pipeline_)/],
];

/** `<key>_spread` goes in its own column beside `<key>`, not on a row of its own. */
const SPREAD = '_spread';

export function reportMarkdown(results: Results): string {
  const row = (key: string): string => {
    const value = results[key]!;
    const target = TARGETS[key];
    const verdict =
      target && typeof value === 'number' ? `${target.text}: ${target.met(value) ? 'met' : '**missed**'}` : '';
    return `| ${key} | ${value} | ${results[key + SPREAD] ?? ''} | ${verdict} |`;
  };
  const used = new Set<string>(
    Object.keys(results).filter((key) => key.endsWith(SPREAD) && key.slice(0, -SPREAD.length) in results),
  );
  const table = (keys: string[]) => [
    '| key | value | spread over the rounds (min-max) | target |',
    '| --- | --- | --- | --- |',
    ...keys.map(row),
  ];
  const sections = SECTIONS.flatMap(([title, pattern]) => {
    const keys = Object.keys(results).filter((key) => pattern.test(key) && !used.has(key));
    keys.forEach((key) => used.add(key));
    return keys.length ? [`## ${title}`, '', ...table(keys), ''] : [];
  });
  const rest = Object.keys(results).filter((key) => !used.has(key));
  const failed = Object.keys(results).filter((key) => key.startsWith('failed_'));
  const command = `pnpm bench${results.quick ? ' --quick' : ''}${results.only ? ` --only=${String(results.only)}` : ''}`;
  return [
    '# Benchmark results',
    '',
    ...(failed.length
      ? [`**FAILED: ${failed.map((key) => key.slice('failed_'.length)).join(', ')}.** Their figures are left out.`, '']
      : []),
    `Command: \`${command}\`; server settings: \`${String(results.server_settings)}\`. ` +
      `Server, load generators and reference run on the same machine (${String(results.machine)}), ` +
      `load average ${String(results.load_average_before)} before and ${String(results.load_average_after)} after. ` +
      'Ratios are ours / a plain Fastify route in the same process answering the same bytes (SSE: a plain SSE route over the same tracker), ' +
      'each round against the reference of the same round; the value is the median of the rounds, the spread their lowest and highest. ' +
      '`*_cpu_ratio`: the same ratio from server CPU time per request, which moves much less with the machine load. ' +
      'A case fails, and gets no figures, when any of its requests fails: a non-2xx answer, a socket error, a failed submission or subscription.',
    '',
    ...sections,
    '## Run',
    '',
    ...table(rest),
    '',
  ].join('\n');
}

export function writeReport(dir: string, results: Results): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), reportMarkdown(results));
}
