import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TARGETS: Record<string, (v: number) => boolean> = {
  rest_status_ratio: (v) => v >= 0.85,
  trpc_status_ratio: (v) => v >= 0.5,
  sse_p99_ms: (v) => v <= 50,
  sse_delivered_ratio: (v) => v === 1,
  sse_rss_mb: (v) => v <= 1000,
  status_p99_under_load_ratio: (v) => v < 2,
};

export function writeReport(dir: string, results: Record<string, number | string | boolean>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const rows = Object.entries(results).map(([key, value]) => {
    const check = TARGETS[key];
    const verdict = check && typeof value === 'number' ? (check(value) ? 'meets target' : 'misses target') : '';
    return `| ${key} | ${value} | ${verdict} |`;
  });
  const md = [
    '# Benchmark results',
    '',
    `Command: \`pnpm bench${results.quick ? ' --quick' : ''}\` (2 cores shared by server and load generators).`,
    '',
    '| key | value | target |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'latest.md'), md);
}
