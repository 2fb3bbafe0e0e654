import type { PhaseDefinition } from './phase-definition.ts';

export const extractionPhase: PhaseDefinition<'extraccion'> = {
  key: 'extraccion',
  metricKey: 'fase2',
  label: 'extracción de hechos y entidades',
  store(state, value) {
    state.fase_2_extraccion = value;
    state.input = { ...state.input, extraccion: value };
  },
  degrade(state, reason) {
    state.fase_2_extraccion = {
      hechos_extraidos: [],
      entidades_extraidas: [],
      resumen_extraccion: 'Extracción no disponible.',
      advertencias_extraccion: [reason],
    };
  },
};
