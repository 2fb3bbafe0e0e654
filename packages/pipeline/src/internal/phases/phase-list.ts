import { PIPELINE_PHASES } from '@noticias/contract';
import { extractionPhase } from './extraction-phase.ts';
import { normalisationPhase } from './normalisation-phase.ts';
import type { AnyPhaseDefinition } from './phase-definition.ts';
import { quotesDataPhase } from './quotes-data-phase.ts';
import { triagePhase } from './triage-phase.ts';

/** The phases in the order they run; the contract's PIPELINE_PHASES names the same keys. */
export const PHASES: readonly AnyPhaseDefinition[] = [
  triagePhase,
  extractionPhase,
  quotesDataPhase,
  normalisationPhase,
];

if (PHASES.map((p) => p.key).join() !== PIPELINE_PHASES.join()) {
  throw new Error('phase-list.ts and PIPELINE_PHASES disagree');
}
