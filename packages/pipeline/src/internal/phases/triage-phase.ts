import type { PhaseDefinition } from './phase-definition.ts';

export const triagePhase: PhaseDefinition<'triaje'> = {
  key: 'triaje',
  metricKey: 'fase1',
  label: 'triaje y relevancia',
  store(state, value) {
    state.fase_1_triaje = value;
    state.input = { ...state.input, triaje: value };
  },
  degrade(state, reason) {
    // Unknown relevance is not irrelevance: the later phases still run on the raw text.
    state.fase_1_triaje = {
      ...state.fase_1_triaje,
      es_relevante: true,
      decision_triaje: 'CONSIDERAR',
      justificacion_triaje: `Triaje no disponible: ${reason}`,
    };
  },
};
