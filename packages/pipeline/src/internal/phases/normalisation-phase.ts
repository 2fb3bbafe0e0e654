import type { PhaseDefinition } from './phase-definition.ts';

export const normalisationPhase: PhaseDefinition<'normalizacion'> = {
  key: 'normalizacion',
  metricKey: 'fase4',
  label: 'normalización de entidades y relaciones',
  store(state, value) {
    state.fase_4_normalizacion = value.fase_4_normalizacion;
    // Phase 4 completes items of phases 2 and 3 (normalised names, quoted entity ids).
    state.fase_2_extraccion = { ...state.fase_2_extraccion, entidades_extraidas: value.entidades_extraidas };
    state.fase_3_citas_datos = {
      ...state.fase_3_citas_datos,
      citas_textuales_extraidas: value.citas_textuales_extraidas,
    };
  },
  degrade(state, reason) {
    state.fase_4_normalizacion = {
      entidades_normalizadas: [],
      resumen_normalizacion: `Normalización no disponible: ${reason}`,
      estado_general_normalizacion: 'fallido',
      relaciones: { hecho_entidad: [], hecho_hecho: [], entidad_entidad: [], contradicciones: [] },
    };
  },
};
