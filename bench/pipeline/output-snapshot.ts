/**
 * The offline extractor's output on the shared samples and the bench texts, without timings,
 * uuids and timestamps, as one JSON file: run it before and after a change and diff the two.
 *
 *   npx tsx --conditions=@noticias/source bench/pipeline/output-snapshot.ts /tmp/before.json
 *
 * Besides whole runs, each phase is also run alone (no earlier phase's output), the path a phase
 * takes when an earlier one failed.
 */
import { writeFileSync } from 'node:fs';
import type { PipelinePhase } from '../../packages/contract/src/index.ts';
import { createOfflineExtractor, runPipeline, type PipelineInput } from '../../packages/pipeline/src/index.ts';
import { toDocument } from '../../packages/pipeline/src/internal/document.ts';
import { benchInput, buildText, sampleArticles, sampleFragments } from './bench-texts.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: output-snapshot.ts <out.json>');

const VOLATILE = new Set([
  'timestamp',
  'fragmento_uuid',
  'tiempos_fases',
  'tiempo_total_segundos',
  'tiempo_procesamiento_articulo',
  'tiempo_por_caracter_ms',
]);
const strip = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v: unknown) => (VOLATILE.has(key) ? undefined : v)));

const extractor = createOfflineExtractor();
const inputs: [string, PipelineInput][] = [
  ...sampleArticles.map(([name, article]): [string, PipelineInput] => [
    name,
    { kind: 'articulo', requestId: 'req_snapshot', article, longArticleThreshold: 10_000 },
  ]),
  ...sampleFragments.map(([name, fragment]): [string, PipelineInput] => [
    name,
    { kind: 'fragmento', requestId: 'req_snapshot', fragment },
  ]),
  ...[5_000, 50_000, 500_000].map((bytes): [string, PipelineInput] => [
    `built-${bytes}`,
    benchInput(buildText(bytes), 0),
  ]),
];
const PHASES: PipelinePhase[] = ['triaje', 'extraccion', 'citas_datos', 'normalizacion'];
const snapshot: Record<string, unknown> = {};
for (const [name, input] of inputs) {
  snapshot[name] = strip(await runPipeline(input, { extractor }));
  for (const phase of PHASES) {
    snapshot[`${name} ${phase} alone`] = strip(
      (await extractor.runPhase(phase, { document: toDocument(input) })).value,
    );
  }
}
writeFileSync(out, `${JSON.stringify(snapshot, null, 1)}\n`);
console.log(`wrote ${out}: ${inputs.length} inputs`);
