import type {
  Cita,
  DatoCuantitativo,
  Entidad,
  Fase1Triaje,
  Fase2Extraccion,
  Fase3CitasDatos,
  Fase4Normalizacion,
  PipelineMetrics,
  PipelinePhase,
} from '@noticias/contract';
import type { PhaseInput, PhaseOutputs } from '../../extractor.ts';

/** The result tree under construction; each phase writes its part, or an empty part when it fails. */
export interface RunState {
  input: PhaseInput;
  fase_1_triaje: Fase1Triaje;
  fase_2_extraccion: Fase2Extraccion;
  fase_3_citas_datos: Fase3CitasDatos;
  fase_4_normalizacion: Fase4Normalizacion;
}

/**
 * One step of the pipeline. The runner only knows this list, so adding a phase is adding a file
 * that exports one of these and an entry in `phase-list.ts`.
 */
export interface PhaseDefinition<P extends PipelinePhase> {
  key: P;
  metricKey: keyof PipelineMetrics['tasas_exito'];
  /** Spanish, for progress messages: "extracción de hechos y entidades". */
  label: string;
  store(state: RunState, value: PhaseOutputs[P]): void;
  /** Writes the contract's degraded output: empty lists and a reason. */
  degrade(state: RunState, reason: string): void;
}

export type AnyPhaseDefinition = { [P in PipelinePhase]: PhaseDefinition<P> }[PipelinePhase];

export function emptyState(input: PhaseInput): RunState {
  return {
    input,
    fase_1_triaje: {
      es_relevante: false,
      decision_triaje: 'CONSIDERAR',
      justificacion_triaje: '',
      categoria_principal: 'desconocida',
      palabras_clave_triaje: [],
      puntuacion_triaje: 0,
      idioma_detectado: input.document.declaredLanguage ?? 'desconocido',
      texto_para_siguiente_fase: input.document.text,
    },
    fase_2_extraccion: {
      hechos_extraidos: [],
      entidades_extraidas: [] as Entidad[],
      resumen_extraccion: '',
      advertencias_extraccion: [],
    },
    fase_3_citas_datos: {
      citas_textuales_extraidas: [] as Cita[],
      datos_cuantitativos_extraidos: [] as DatoCuantitativo[],
      advertencias_citas_datos: [],
    },
    fase_4_normalizacion: {
      entidades_normalizadas: [],
      resumen_normalizacion: '',
      estado_general_normalizacion: 'no_ejecutado',
      relaciones: { hecho_entidad: [], hecho_hecho: [], entidad_entidad: [], contradicciones: [] },
    },
  };
}
