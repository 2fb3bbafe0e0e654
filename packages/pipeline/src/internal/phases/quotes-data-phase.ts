import type { PhaseDefinition } from './phase-definition.ts';

export const quotesDataPhase: PhaseDefinition<'citas_datos'> = {
  key: 'citas_datos',
  metricKey: 'fase3',
  label: 'extracción de citas y datos cuantitativos',
  store(state, value) {
    state.fase_3_citas_datos = value;
    state.input = { ...state.input, citas_datos: value };
  },
  degrade(state, reason) {
    state.fase_3_citas_datos = {
      citas_textuales_extraidas: [],
      datos_cuantitativos_extraidos: [],
      advertencias_citas_datos: [reason],
    };
  },
};
